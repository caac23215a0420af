package pai

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/policy"
)

// PermissionRules is a permission code with the rules under which the caller holds it, as
// GetPermission and ListPermissions answer: {ANY, ANY} for every resource, {PUBLIC, ANY} for
// public ones, {PRIVATE, CREATOR} for private ones the caller created, ...
type PermissionRules struct {
	Code  string
	Rules []catalog.PermissionRule
}

// GetPermissionInput holds GetPermission's parameters.
type GetPermissionInput struct {
	RequestID      string
	WorkspaceID    string
	PermissionCode string
	// Accessibility (PUBLIC or PRIVATE) and Creator (a UID) describe the resource asked about;
	// when either is given the answer is about that resource.
	Accessibility string
	Creator       string
	// Resource is the resource's path in the workspace ("job/dlc-abc"); the RAM half is asked
	// about acs:<service>:<region>:<account>:workspace/<id>/<Resource> ("/*" when empty).
	Resource string
	// DisableRAM leaves the caller's RAM policies out (Option=DisableRam): roles alone answer.
	DisableRAM bool
}

// resourcePathRE is a resource path inside a workspace: no wildcards, nothing that changes a URL.
var resourcePathRE = regexp.MustCompile(`^[A-Za-z0-9._/-]{1,256}$`)

// GetPermission answers whether the caller holds a permission code in a workspace, and under
// which rules. It asks about the caller itself, so it needs no permission of its own. The
// caller's RAM policies decide first (unless DisableRAM): an explicit Deny is NoPermission, an
// Allow holds the code for every resource; otherwise the rules are those of the caller's roles
// in the workspace. With Accessibility or Creator the answer is about that resource:
// NoPermission unless one of the rules covers it; without, NoPermission only when there is no
// rule at all, and the caller (a PAI service) applies the rules to the resources it lists.
func (s *Service) GetPermission(ctx context.Context, c *authz.Caller, in GetPermissionInput) (PermissionRules, error) {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return PermissionRules{}, err
	}
	if in.PermissionCode == "" {
		return PermissionRules{}, missing("PermissionCode")
	}
	attrs, err := attributes(in.Accessibility, in.Creator)
	if err != nil {
		return PermissionRules{}, err
	}
	if in.Resource != "" && !resourcePathRE.MatchString(in.Resource) {
		return PermissionRules{}, invalid("Resource", "a path such as job/dlc-abc, without wildcards")
	}
	snap := s.snaps.Current()
	perm, ok := snap.RolePermissions().ByCode(in.PermissionCode)
	if !ok {
		return PermissionRules{}, errNoPermissionCode(in.PermissionCode)
	}
	k := s.beginAction(c, strings.ToLower(service(perm.RAMAction))+":"+actionName(perm.RAMAction), in.RequestID)
	resource := s.permissionARN(perm, in.WorkspaceID, in.Resource)
	rules, ram := s.rules(snap, c, perm, in.WorkspaceID, resource, attrs, in.DisableRAM)
	var deny error
	switch {
	case ram == policy.ExplicitDeny:
		deny = k.denied(resource, ram)
	case !snap.HasWorkspace(in.WorkspaceID):
		if ram == policy.Allowed {
			return PermissionRules{}, errNoWorkspace()
		}
		deny = k.denied(resource, policy.ImplicitDeny)
	case in.Accessibility != "" || in.Creator != "":
		if !slices.ContainsFunc(rules, func(r catalog.PermissionRule) bool { return authz.CheckRule(r, attrs, c.UID()) == authz.RuleHolds }) {
			deny = k.denied(resource, policy.ImplicitDeny)
		}
	case len(rules) == 0:
		deny = k.denied(resource, policy.ImplicitDeny)
	}
	if deny != nil {
		return PermissionRules{}, s.ops.Failed(ctx, &k.Op, deny)
	}
	return PermissionRules{Code: perm.Code, Rules: rules}, nil
}

// ListPermissionsInput names the workspace.
type ListPermissionsInput = WorkspaceInput

// ListPermissions lists every permission code the caller holds in a workspace, with its rules.
// Members may list their own permissions; others need paiworkspace:ListPermissions.
func (s *Service) ListPermissions(ctx context.Context, c *authz.Caller, in ListPermissionsInput) ([]PermissionRules, error) {
	if err := checkID("WorkspaceId", in.WorkspaceID); err != nil {
		return nil, err
	}
	k := s.begin(c, "ListPermissions", in.RequestID)
	snap := s.snaps.Current()
	arn := s.workspaceARN(in.WorkspaceID)
	ram := snap.DecideWorkspace(c, &authz.WorkspaceRequest{WorkspaceID: in.WorkspaceID,
		Request: authz.Request{Action: k.Action, Resource: arn, Context: c.Context}}).RAM.Outcome
	member := len(snap.WorkspaceRoles(c, in.WorkspaceID)) > 0
	switch {
	case ram == policy.ExplicitDeny || (ram != policy.Allowed && !member):
		if ram != policy.ExplicitDeny {
			ram = policy.ImplicitDeny
		}
		return nil, s.ops.Failed(ctx, &k.Op, k.denied(arn, ram))
	case !snap.HasWorkspace(in.WorkspaceID):
		return nil, errNoWorkspace()
	}
	var out []PermissionRules
	for _, p := range snap.RolePermissions().Permissions() {
		rules, _ := s.rules(snap, c, &p, in.WorkspaceID, s.permissionARN(&p, in.WorkspaceID, ""), authz.ResourceAttributes{}, false)
		if len(rules) > 0 {
			out = append(out, PermissionRules{Code: p.Code, Rules: rules})
		}
	}
	return out, nil
}

// rules returns the rules under which c holds p in workspace ws on resource, and the outcome
// of the RAM half (ImplicitDeny when disableRAM): a RAM Allow, or a code PAI allows unless
// denied, holds it for every resource; otherwise the rules of c's roles, unless a session
// policy does not allow the action.
func (s *Service) rules(snap *authz.Snapshot, c *authz.Caller, p *authz.Permission, ws, resource string,
	attrs authz.ResourceAttributes, disableRAM bool) ([]catalog.PermissionRule, policy.Outcome) {
	every := []catalog.PermissionRule{{Accessibility: catalog.AnyAccessibility, EntityAccessType: catalog.AnyEntity}}
	ctx := contextWith(c, attrs)
	req := authz.Request{Action: p.RAMAction, Resource: resource, Context: ctx}
	ram := policy.ImplicitDeny
	if !disableRAM {
		d := snap.DecideWorkspace(c, &authz.WorkspaceRequest{Request: req, WorkspaceID: ws})
		ram = d.RAM.Outcome
		switch ram {
		case policy.ExplicitDeny:
			return nil, ram
		case policy.Allowed:
			return every, ram
		}
	}
	if c.Type == authz.RoleSession && c.SessionPolicy != nil &&
		!c.SessionPolicy.Evaluate(&policy.Request{Action: req.Action, Resource: resource, Context: ctx}).Allowed() {
		return nil, ram
	}
	if p.DefaultAllow && (p.DefaultAllowResource == "" || strings.Contains(resource, p.DefaultAllowResource)) {
		return every, ram
	}
	var out []catalog.PermissionRule
	rp := snap.RolePermissions()
	for _, role := range snap.WorkspaceRoles(c, ws) {
		for _, r := range rp.Rules(p, role) {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out, ram
}

// contextWith is the caller's request context with the resource's PAI condition keys.
func contextWith(c *authz.Caller, a authz.ResourceAttributes) policy.Context {
	if a == (authz.ResourceAttributes{}) {
		return c.Context
	}
	var ctx policy.Context
	for _, key := range c.Context.Keys() {
		vs, _ := c.Context.Lookup(key)
		ctx.Set(key, vs...)
	}
	a.AddTo(&ctx, c)
	return ctx
}

// attributes checks GetPermission's Accessibility and Creator.
func attributes(accessibility, creator string) (authz.ResourceAttributes, error) {
	a := authz.ResourceAttributes{Accessibility: catalog.Accessibility(strings.ToUpper(accessibility)), Creator: creator}
	switch a.Accessibility {
	case "", catalog.Public, catalog.Private:
	default:
		return a, invalid("Accessibility", "PUBLIC or PRIVATE")
	}
	if creator != "" {
		if err := checkID("Creator", creator); err != nil {
			return a, err
		}
	}
	return a, nil
}

// permissionARN is the resource a permission code is asked about in workspace ws:
// acs:<service>:<region>:<account>:workspace/<ws>/<path> (path "*" when empty).
func (s *Service) permissionARN(p *authz.Permission, ws, path string) string {
	if path == "" {
		path = "*"
	}
	return "acs:" + strings.ToLower(service(p.RAMAction)) + ":" + s.region + ":" + s.accountID() + ":workspace/" + ws + "/" + path
}

func service(action string) string {
	svc, _, _ := strings.Cut(action, ":")
	return svc
}

func actionName(action string) string {
	_, name, _ := strings.Cut(action, ":")
	return name
}
