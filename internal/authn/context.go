package authn

import (
	"net/http"
	"strconv"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/policy"
)

// Condition keys and policy variables the verifier sets on every caller's Context.
const (
	KeySourceIP        = "acs:SourceIp"
	KeyCurrentTime     = "acs:CurrentTime"
	KeySecureTransport = "acs:SecureTransport"
	KeyAccessID        = "acs:AccessId"
	KeyUserAgent       = "acs:UserAgent"
	KeyPrincipalARN    = "acs:PrincipalARN"
	KeyMFAPresent      = "acs:MFAPresent"
	KeyPrincipalName   = "acs:PrincipalName"
	KeyAccountID       = "acs:AccountId"
)

// RequestKeys are the keys above: what a signed request determines, and no one may claim for it.
var RequestKeys = []string{KeySourceIP, KeyCurrentTime, KeySecureTransport, KeyAccessID,
	KeyUserAgent, KeyPrincipalARN, KeyMFAPresent, KeyPrincipalName, KeyAccountID}

// requestContext returns the condition keys of request r made by caller c at now, whose
// acs:CurrentTime text is nowText.
//
// acs:PrincipalName is set for RAM users (and "root" for the root identity), not for role
// sessions: a session's name is chosen by whoever assumed the role, so a policy such as
// "home/${acs:PrincipalName}/*" must not let a session named "alice" into alice's folder. An
// unset variable matches nothing.
func requestContext(r *http.Request, c *authz.Caller, nowText string, proxies Proxies) policy.Context {
	var ctx policy.Context
	ctx.Grow(len(RequestKeys)) // one allocation for the keys, one for their values
	if ip := proxies.SourceIP(r); ip.IsValid() {
		ctx.Set(KeySourceIP, ip.String())
	}
	ctx.Set(KeyCurrentTime, nowText)
	ctx.Set(KeySecureTransport, strconv.FormatBool(proxies.SecureTransport(r)))
	ctx.Set(KeyAccessID, c.AccessKeyID)
	if ua := r.UserAgent(); ua != "" {
		ctx.Set(KeyUserAgent, ua)
	}
	ctx.Set(KeyPrincipalARN, c.ARN)
	ctx.Set(KeyMFAPresent, strconv.FormatBool(c.MFA))
	ctx.Set(KeyAccountID, c.AccountID)
	if c.Type == authz.User || c.Type == authz.Root {
		ctx.Set(KeyPrincipalName, c.Name)
	}
	return ctx
}

// clockText is the acs:CurrentTime text of one second.
type clockText struct {
	sec  int64
	text string
}

// currentTime returns now as acs:CurrentTime has it (RFC 3339 in UTC, whole seconds), formatting
// it only once a second: every request in the same second shares the text.
func (v *Verifier) currentTime(now time.Time) string {
	sec := now.Unix()
	if c := v.clock.Load(); c != nil && c.sec == sec {
		return c.text
	}
	c := &clockText{sec: sec, text: now.UTC().Format(time.RFC3339)}
	v.clock.Store(c)
	return c.text
}
