package authzapi

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/policy"
)

// Check is one permission question. Exactly one of Principal and Request says who asks.
type Check struct {
	// Principal is the ARN of who asks: acs:ram::<account>:user/<name>, a role
	// (…:role/<name>[/<session>]) or the root (…:root).
	Principal string `json:"principal,omitempty"`
	// Request is who asks as the signed request the caller made (a gateway forwards it).
	Request *ForwardedRequest `json:"request,omitempty"`
	// Action is the RAM action ("paidlc:CreateJob", "oss:GetObject"); Resource its ARN.
	Action   string `json:"action"`
	Resource string `json:"resource"`
	// ResourceGroupID is the resource group of the resource; by default the workspace's. For a
	// resource in a workspace Rampart knows (an ARN naming workspace/<id>), that workspace's
	// group applies whatever this says.
	ResourceGroupID string `json:"resourceGroupId,omitempty"`
	// WorkspaceID names the PAI workspace the resource is in: the caller's roles there, and
	// their dependent-service grants, apply.
	WorkspaceID string `json:"workspaceId,omitempty"`
	// Accessibility (PUBLIC or PRIVATE) and Creator (a UID) describe the resource for rules
	// limited to public or to one's own resources; they also set pai:Accessibility and
	// pai:EntityAccessType for RAM conditions.
	Accessibility string `json:"accessibility,omitempty"`
	Creator       string `json:"creator,omitempty"`
	// Context adds condition keys ("acs:SourceIp": ["10.0.0.1"]); a key given here replaces the
	// one Rampart sets for a principal. With Request, the keys a signed request determines
	// (authn.RequestKeys) come from the request alone: a context that replaced them would answer
	// for a request that was not made (from another address, with MFA, over TLS).
	Context map[string]stringList `json:"context,omitempty"`
}

// Result is the answer to a Check.
type Result struct {
	Decision string `json:"decision"` // Allow, ExplicitDeny or ImplicitDeny
	// By says what decided: ram, default, workspace-role, member-service-grant or none.
	By      string   `json:"by"`
	Reasons []string `json:"reasons"`
	// Principal is the ARN of the caller the check was decided for.
	Principal string `json:"principal,omitempty"`
	// Error says why a check could not be made for its principal (it is then denied).
	Error *CheckError `json:"error,omitempty"`
}

// CheckError is why a check could not be made: an unknown principal, or a forwarded request
// that does not authenticate (with the gateway error the request would have got).
type CheckError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// maxContextKeys bounds the condition keys of one check.
const maxContextKeys = 64

// validate checks what a check must say; param prefixes parameter names in errors
// ("checks[3].").
func (c *Check) validate(param string) error {
	switch {
	case c.Action == "":
		return missing(param + "action")
	case !strings.Contains(c.Action, ":"):
		return invalid(param+"action", `an action is "<service>:<name>"`)
	case c.Resource == "":
		return missing(param + "resource")
	case (c.Principal == "") == (c.Request == nil):
		return invalid(param+"principal", "give either principal or request")
	case len(c.Context) > maxContextKeys:
		return invalid(param+"context", "at most 64 keys")
	}
	switch catalog.Accessibility(strings.ToUpper(c.Accessibility)) {
	case "", catalog.Public, catalog.Private:
	default:
		return invalid(param+"accessibility", "PUBLIC or PRIVATE")
	}
	if c.Request != nil {
		if err := c.Request.parse(param + "request."); err != nil {
			return err
		}
		for key := range c.Context {
			if i := slices.IndexFunc(authn.RequestKeys, func(k string) bool { return strings.EqualFold(k, key) }); i >= 0 {
				return invalid(param+"context", authn.RequestKeys[i]+" comes from the forwarded request")
			}
		}
	}
	return nil
}

// evaluate decides one valid check on snap. It returns the request it decided, for explain.
func (h *Handler) evaluate(ctx context.Context, snap *authz.Snapshot, c *Check, now time.Time) (Result, *authz.Caller, *authz.WorkspaceRequest) {
	caller, cerr := h.principal(ctx, snap, c, now)
	if cerr != nil {
		return Result{Decision: policy.ImplicitDeny.String(), By: authz.GrantNone.String(), Error: cerr,
			Reasons: []string{"the check was not made: " + cerr.Message}}, nil, nil
	}
	req := &authz.WorkspaceRequest{
		Request:     authz.Request{Action: c.Action, Resource: c.Resource, ResourceGroupID: c.ResourceGroupID, Context: caller.Context},
		WorkspaceID: c.WorkspaceID,
		Attributes:  authz.ResourceAttributes{Accessibility: catalog.Accessibility(strings.ToUpper(c.Accessibility)), Creator: c.Creator},
	}
	// As for a principal's keys, those no policy reads are left out; but a session policy is not
	// among the snapshot's, so a session's context gets them whatever the snapshot reads, as on
	// the AIWorkspace API.
	if req.Attributes != (authz.ResourceAttributes{}) &&
		(caller.SessionPolicy != nil || snap.ReadsKey(authz.KeyPAIAccessibility) || snap.ReadsKey(authz.KeyPAIEntityAccessType)) {
		req.Attributes.AddTo(&req.Context, caller)
	}
	for key, values := range c.Context {
		req.Context.Set(key, values...)
	}
	d := snap.DecideWorkspace(caller, req)
	return Result{Decision: d.Outcome.String(), By: d.By.String(), Reasons: reasons(snap, caller, d, req), Principal: caller.ARN}, caller, req
}

// principal is the caller a check is about, with its request context: a principal ARN's
// caller with the keys Rampart would set for it, or the forwarded request's authenticated caller.
func (h *Handler) principal(ctx context.Context, snap *authz.Snapshot, c *Check, now time.Time) (*authz.Caller, *CheckError) {
	if c.Request != nil {
		caller, err := h.forwarded(ctx, c.Request)
		if err != nil {
			e := errs.As(err)
			return nil, &CheckError{Code: e.Code, Message: e.Message}
		}
		if caller.AccountID != snap.AccountID() {
			return nil, &CheckError{Code: "InvalidPrincipal", Message: "the request's caller belongs to another account"}
		}
		return caller, nil
	}
	caller, ok := snap.CallerForARN(c.Principal)
	if !ok {
		return nil, &CheckError{Code: "InvalidPrincipal", Message: "the account has no principal " + c.Principal}
	}
	// The keys authn sets for a signed request, as far as a policy of the account reads them:
	// a key no policy reads cannot change the decision, and building it costs more than the
	// decision itself.
	set := func(key, value string) {
		if snap.ReadsKey(key) {
			caller.Context.Set(key, value)
		}
	}
	set("acs:PrincipalARN", caller.ARN)
	set("acs:AccountId", caller.AccountID)
	if snap.ReadsKey("acs:CurrentTime") {
		caller.Context.Set("acs:CurrentTime", now.UTC().Format(time.RFC3339))
	}
	if caller.Type == authz.User || caller.Type == authz.Root {
		set("acs:PrincipalName", caller.Name)
	}
	return &caller, nil
}

func missing(param string) error {
	return errs.E(errs.Invalid, "MissingParameter",
		"The input parameter %q that is mandatory for processing this request is not supplied.", param)
}

func invalid(param, why string) error {
	return errs.E(errs.Invalid, "InvalidParameter", "The parameter %q is invalid: %s.", param, why)
}
