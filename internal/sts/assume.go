package sts

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// AssumeRoleInput holds AssumeRole's parameters.
type AssumeRoleInput struct {
	RequestID       string
	RoleArn         string // acs:ram::<account>:role/<name>
	RoleSessionName string // 2 to 64 of letters, digits, ".", "@", "-", "_"
	Policy          string // optional session policy, at most MaxPolicyLength characters
	DurationSeconds int    // 0 means DefaultDuration
	ExternalID      string // optional; trust policies may test sts:ExternalId
	// SourceIdentity is optional; a role session that has one passes it on whether given or not.
	SourceIdentity string
}

// Credentials are temporary AccessKey credentials.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret secrets.Secret
	SecurityToken   string
	Expiration      time.Time
}

// AssumedRoleUser names the session AssumeRole created.
type AssumedRoleUser struct {
	ARN           string // acs:ram::<account>:role/<role>/<session>
	AssumedRoleID string // <roleId>:<session>
}

// AssumeRoleResult is what AssumeRole returns.
type AssumeRoleResult struct {
	Credentials     Credentials
	AssumedRoleUser AssumedRoleUser
	// SourceIdentity is the session's source identity, "" for none.
	SourceIdentity string
}

// Durations of AssumeRole.
const (
	MinDuration     = 900
	DefaultDuration = 3600
)

// ExternalIDKey is the condition key trust policies test against AssumeRole's ExternalId.
const ExternalIDKey = "sts:ExternalId"

var (
	sessionNameRE = regexp.MustCompile(`^[\w.@-]{2,64}$`)
	externalIDRE  = regexp.MustCompile(`^[\w+=,.@:/-]+$`)
)

// AssumeRole issues temporary credentials for the role RoleArn names. The caller needs
// sts:AssumeRole on the role from its own policies, and the role's trust policy must allow it
// (authz.Snapshot.CanAssumeRole); the account's root may not assume roles. The session acts with
// the role's policies, narrowed by Policy when given.
func (s *Service) AssumeRole(ctx context.Context, caller *authz.Caller, in AssumeRoleInput) (AssumeRoleResult, error) {
	roleName, err := s.check(in)
	if err != nil {
		return AssumeRoleResult{}, err
	}
	if caller.Type == authz.Root {
		return AssumeRoleResult{}, rootCannotAssume()
	}
	source, err := sourceIdentity(caller, in.SourceIdentity)
	if err != nil {
		return AssumeRoleResult{}, err
	}
	snap := s.snapshot()
	role, err := s.role(ctx, roleName)
	if errs.KindOf(err) == errs.NotFound || err == nil && !strings.HasPrefix(in.RoleArn, "acs:ram::"+snap.AccountID()+":") {
		return AssumeRoleResult{}, s.unknownRole(ctx, snap, caller, in, roleName)
	}
	if err != nil {
		return AssumeRoleResult{}, err
	}

	arn := authz.RoleARN(snap.AccountID(), role.Name)
	d, err := snap.CanAssumeRole(caller, role.Name, assumeContext(caller, in.ExternalID))
	switch {
	case errors.Is(err, authz.ErrNoSuchRole):
		return AssumeRoleResult{}, s.unknownRole(ctx, snap, caller, in, roleName)
	case err != nil:
		return AssumeRoleResult{}, errs.Wrap(err)
	case !d.Allowed():
		return AssumeRoleResult{}, s.refuse(ctx, caller, in, arn, d)
	}
	// Only a caller allowed to assume the role learns its MaxSessionDuration.
	duration := in.DurationSeconds
	if duration == 0 {
		duration = DefaultDuration
	}
	if duration < MinDuration || duration > role.MaxSessionDuration {
		return AssumeRoleResult{}, invalidParameter("DurationSeconds",
			"The Min/Max value of DurationSeconds is %d/%d seconds.", MinDuration, role.MaxSessionDuration)
	}

	now := s.now().UTC().Truncate(time.Second)
	c := claims{
		AccessKeyID:    "STS." + strings.TrimPrefix(s.ids.AccessKeyID(), secrets.AccessKeyIDPrefix),
		Secret:         s.ids.AccessKeySecret().Reveal(),
		AccountID:      snap.AccountID(),
		RoleID:         role.ID,
		RoleName:       role.Name,
		SessionName:    in.RoleSessionName,
		Policy:         in.Policy,
		SourceIdentity: source,
		Expiration:     now.Add(time.Duration(duration) * time.Second).Unix(),
		AssumedBy:      caller.ARN,
	}
	// Credentials nobody could trace back to this call are not handed out.
	in.SourceIdentity = source
	if err := s.record(ctx, caller, in, arn, "Success", c.AccessKeyID); err != nil {
		return AssumeRoleResult{}, errs.Wrap(err)
	}
	return AssumeRoleResult{
		Credentials: Credentials{
			AccessKeyID:     c.AccessKeyID,
			AccessKeySecret: secrets.Secret(c.Secret),
			SecurityToken:   sealToken(s.box, c),
			Expiration:      c.expiration(),
		},
		AssumedRoleUser: AssumedRoleUser{
			ARN:           authz.AssumedRoleARN(c.AccountID, role.Name, in.RoleSessionName),
			AssumedRoleID: role.ID + ":" + in.RoleSessionName,
		},
		SourceIdentity: source,
	}, nil
}

// sourceIdentity is the SourceIdentity of the session caller is assuming a role for: the one
// requested, or the caller's own when it is a role session that has one. Once set at the start
// of a role chain it cannot change along it, so a role session asking for another is refused.
func sourceIdentity(caller *authz.Caller, requested string) (string, error) {
	switch {
	case caller.SourceIdentity == "":
		return requested, nil
	case requested != "" && requested != caller.SourceIdentity:
		return "", invalidParameter("SourceIdentity",
			"The SourceIdentity of a role session cannot be changed: this session's is %q.", caller.SourceIdentity)
	}
	return caller.SourceIdentity, nil
}

// check validates the parameters that do not depend on the role, and returns the role name
// RoleArn names.
func (s *Service) check(in AssumeRoleInput) (string, error) {
	switch {
	case in.RoleArn == "":
		return "", missing("RoleArn")
	case in.RoleSessionName == "":
		return "", missing("RoleSessionName")
	}
	name, ok := parseRoleARN(in.RoleArn)
	if !ok {
		return "", invalidParameter("RoleArn", "The parameter RoleArn is wrongly formed.")
	}
	if !sessionNameRE.MatchString(in.RoleSessionName) {
		return "", invalidParameter("RoleSessionName",
			"The parameter RoleSessionName must be 2 to 64 letters, digits, '.', '@', '-' or '_'.")
	}
	if in.ExternalID != "" && (len(in.ExternalID) < 2 || len(in.ExternalID) > 1224 || !externalIDRE.MatchString(in.ExternalID)) {
		return "", invalidParameter("ExternalId",
			"The parameter ExternalId must be 2 to 1224 letters, digits or any of _+=,.@:/-.")
	}
	if in.Policy != "" {
		// STS documents Policy as 1 to 2,048 characters, not bytes: a policy naming resources
		// in Chinese may take three bytes a character. The message is STS's own, bytes and all.
		if utf8.RuneCountInString(in.Policy) > s.maxPolicy {
			return "", invalidParameter("PolicySize", "The size of Policy must be smaller than %d bytes.", s.maxPolicy)
		}
		if _, err := parseSessionPolicy(in.Policy); err != nil {
			return "", invalidParameter("PolicyGrammar", "The policy has a grammar error: %v", err)
		}
	}
	return name, nil
}

// parseRoleARN returns the role name of acs:ram::<account>:role/<name>.
func parseRoleARN(arn string) (string, bool) {
	rest, ok := strings.CutPrefix(arn, "acs:ram::")
	if !ok {
		return "", false
	}
	account, name, ok := strings.Cut(rest, ":role/")
	if !ok || account == "" || name == "" || strings.ContainsAny(name, "/:*?") {
		return "", false
	}
	for _, r := range account {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return name, true
}

func parseSessionPolicy(doc string) (*policy.Policy, error) {
	return policy.Parse([]byte(doc), policy.WithKind(policy.Session))
}

// assumeContext is the caller's request context plus sts:ExternalId, as a new Context: the
// caller's own must not change.
func assumeContext(caller *authz.Caller, externalID string) policy.Context {
	var ctx policy.Context
	for _, k := range caller.Context.Keys() {
		vs, _ := caller.Context.Lookup(k)
		ctx.Set(k, vs...)
	}
	if externalID != "" {
		ctx.Set(ExternalIDKey, externalID)
	}
	return ctx
}

// unknownRole answers AssumeRole for a role that does not exist, or is another account's. As for
// RAM's actions, a caller not allowed sts:AssumeRole on it is refused as it would be for a role
// that exists, so that it cannot probe which roles do; a caller that is allowed learns
// EntityNotExist.Role. A role the service says where to create (Options.MissingRole) is reported
// missing to every caller: that message is the prompt to authorize it.
func (s *Service) unknownRole(ctx context.Context, snap *authz.Snapshot, caller *authz.Caller, in AssumeRoleInput, name string) error {
	if caller.Type != authz.Service && (s.hint == nil || s.hint(name) == "") {
		d := snap.Decide(caller, &authz.Request{Action: authz.AssumeRoleAction, Resource: in.RoleArn,
			Context: assumeContext(caller, in.ExternalID)})
		if !d.Allowed() {
			return s.refuse(ctx, caller, in, in.RoleArn, authz.AssumeDecision{Identity: d})
		}
	}
	return s.roleNotFound(name)
}

// refuse is AssumeRole's answer to a caller d does not allow: NoPermission, audited.
func (s *Service) refuse(ctx context.Context, caller *authz.Caller, in AssumeRoleInput, roleARN string, d authz.AssumeDecision) error {
	denied := s.denied(caller, roleARN, d)
	if err := s.record(ctx, caller, in, roleARN, denied.Code, ""); err != nil {
		denied.Err = err // the client still learns it was denied; the lost record is logged with it
	}
	return denied
}

// denied is STS's NoPermission error with the details AccessDeniedDetail reports. An explicit
// Deny on either side (the caller's policies or the trust policy) makes it ExplicitDeny.
func (s *Service) denied(caller *authz.Caller, roleARN string, d authz.AssumeDecision) *errs.Error {
	o := d.Identity.Outcome
	if d.Trust == policy.ExplicitDeny {
		o = policy.ExplicitDeny
	}
	denial := caller.Denial(authz.AssumeRoleAction, roleARN, o)
	if d.Identity.Allowed() || d.Trust == policy.ExplicitDeny {
		// The caller holds sts:AssumeRole (or a Deny in the trust policy decided): granting it
		// more would change nothing; the role's trust policy is what refuses.
		denial.Recommend = "Allow " + caller.TrustPrincipal() + " in the trust policy (AssumeRolePolicyDocument) of " + roleARN +
			", or remove the Deny that matched there."
	}
	return errs.NoPermission("You are not authorized to do this action. You should be authorized by RAM.", denial)
}

// record appends AssumeRole's audit record (the STS AccessKeyId it issued, never the secret).
func (s *Service) record(ctx context.Context, caller *authz.Caller, in AssumeRoleInput, roleARN, result, keyID string) error {
	if s.audit == nil {
		return nil
	}
	detail, _ := json.Marshal(struct {
		RoleSessionName string
		DurationSeconds int    `json:",omitempty"`
		AccessKeyId     string `json:",omitempty"`
		SessionPolicy   bool
		SourceIdentity  string `json:",omitempty"`
	}{in.RoleSessionName, in.DurationSeconds, keyID, in.Policy != "", in.SourceIdentity})
	r := store.AuditRecord{Time: s.now().UTC().Truncate(time.Second), RequestID: in.RequestID,
		PrincipalARN: caller.ARN, Action: authz.AssumeRoleAction, Target: roleARN, Result: result, Detail: string(detail)}
	if ips, _ := caller.Context.Lookup("acs:SourceIp"); len(ips) > 0 {
		r.SourceIP = ips[0]
	}
	return s.audit(ctx, r)
}
