package authz

import (
	"strings"

	"github.com/rampart-iam/rampart/policy"
)

// WorkspaceRequest is a permission question that may concern a PAI workspace: the RAM request,
// plus the workspace it happens in and what PAI knows about the resource.
type WorkspaceRequest struct {
	// Request is the RAM half. Action is the RAM action ("paidlc:CreateJob"); when Code is set
	// and Action is empty, the code's RAM action is used. ResourceGroupID defaults to the
	// workspace's resource group; for a resource in a workspace Rampart knows, that
	// workspace's group is used whatever ResourceGroupID says.
	Request
	// Code is the workspace permission code asked about ("PaiDLC:CreateJob"); when empty, the
	// code is the one whose RAM action is Action (if any).
	Code string
	// WorkspaceID names the workspace; "" asks about RAM (and default-allowed codes) alone.
	WorkspaceID string
	// Attributes describe the resource for rules limited to public or to one's own resources.
	Attributes ResourceAttributes
}

// Grant says what decided a workspace decision.
type Grant uint8

const (
	GrantNone          Grant = iota // nothing allowed it: ImplicitDeny
	GrantRAM                        // a RAM policy: Allow, or an explicit Deny (which wins over everything)
	GrantDefault                    // a permission PAI allows unless a RAM policy denies it
	GrantRole                       // a workspace role of the caller, by one of its rules
	GrantMemberService              // a dependent-service right a workspace role carries (MemberServiceGrants)
)

// String names the grant as the decision API reports it.
func (g Grant) String() string {
	switch g {
	case GrantRAM:
		return "ram"
	case GrantDefault:
		return "default"
	case GrantRole:
		return "workspace-role"
	case GrantMemberService:
		return "member-service-grant"
	}
	return "none"
}

// WorkspaceDecision is the answer to a WorkspaceRequest.
type WorkspaceDecision struct {
	Outcome policy.Outcome
	By      Grant
	// RAM is the decision of the caller's RAM policies alone (session policy included).
	RAM Decision
	// Permission is the permission code the request is about; nil when the action is not in the
	// role-permission list.
	Permission *Permission
	// OtherWorkspace reports that the resource's ARN names a workspace other than WorkspaceID,
	// which the workspace's roles do not reach.
	OtherWorkspace bool
	// Member reports whether the caller holds roles in the workspace; Role is the role whose
	// rule allowed (GrantRole).
	Member bool
	Role   string
	// Grant is the dependent-service grant statement that allowed (GrantMemberService).
	Grant *Match
}

// Allowed reports whether the request may proceed.
func (d WorkspaceDecision) Allowed() bool { return d.Outcome == policy.Allowed }

// DecideWorkspace combines RAM and workspace roles, PAI's way:
//
//  1. The caller's RAM policies decide first: an explicit Deny wins over everything below, and
//     an Allow allows (AliyunPAIFullAccess makes its holder administrator of every workspace).
//  2. A permission PAI allows unless denied (pai:ListQuotas, official images, ...) is allowed.
//  3. In the workspace, each role the caller holds as a member grants the permission code when
//     one of the role's rules covers the resource (Attributes): any resource, public ones, or
//     private ones the caller created. Without attributes only rules for any resource hold.
//  4. The roles' dependent-service grants (MemberServiceGrants) allow what they list on the
//     workspace's OSS paths and MaxCompute projects.
//
// Roles reach only their own workspace: a resource whose ARN names another workspace
// (acs:<service>:<region>:<account>:workspace/<other>/...) gets nothing from 3–4.
//
// A role session whose session policy does not allow the action gets nothing from 2–4: a
// session policy narrows everything the role can do.
func (s *Snapshot) DecideWorkspace(caller *Caller, r *WorkspaceRequest) WorkspaceDecision {
	var d WorkspaceDecision
	req := r.Request
	d.Permission = s.permission(r, &req)
	w := s.workspaces.at(r.WorkspaceID)
	req.ResourceGroupID = s.scopeOf(r)
	d.RAM = s.Decide(caller, &req)
	if d.RAM.Outcome != policy.ImplicitDeny {
		d.Outcome, d.By = d.RAM.Outcome, GrantRAM
		return d
	}
	if !sessionAllows(caller, &req) {
		return d
	}
	if p := d.Permission; p != nil && p.DefaultAllow && (p.DefaultAllowResource == "" || strings.Contains(req.Resource, p.DefaultAllowResource)) {
		d.Outcome, d.By = policy.Allowed, GrantDefault
		return d
	}
	if w == nil {
		return d
	}
	if id, ok := workspaceOf(req.Resource); ok && id != r.WorkspaceID {
		d.OtherWorkspace = true
		return d
	}
	k, ok := memberKey(caller)
	roles := w.members[k]
	if !ok || roles == 0 {
		return d
	}
	d.Member = true
	if p := d.Permission; p != nil {
		uid := caller.UID()
		for i, id := range s.rolePerms.roles {
			if roles&(1<<i) == 0 {
				continue
			}
			for _, rule := range p.rules[i] {
				if CheckRule(rule, r.Attributes, uid) == RuleHolds {
					d.Outcome, d.By, d.Role = policy.Allowed, GrantRole, id
					return d
				}
			}
		}
	}
	if g := s.memberGrants(w, roles); g.eval != nil {
		pd := g.eval.Evaluate(&policy.Request{Action: req.Action, Resource: req.Resource, Context: req.Context})
		if pd.Allowed() {
			d.Outcome, d.By = policy.Allowed, GrantMemberService
			if ms := pd.Matches(); len(ms) > 0 {
				d.Grant = &Match{PolicyName: g.policy.Name(), Statement: ms[0].Statement, Sid: ms[0].Sid(), Effect: policy.Allow}
			}
		}
	}
	return d
}

// GroupOf is the resource group whose policies apply to a request about resource that says
// the resource is in group rg ("" for none). A resource in a workspace Rampart knows (its ARN
// names workspace/<id>) is in that workspace's group, whatever the request says: a grant in one
// group must not reach a resource of another because a caller named the wrong group.
func (s *Snapshot) GroupOf(resource, rg string) string {
	if id, ok := workspaceOf(resource); ok {
		if w := s.workspaces.at(id); w != nil {
			return w.rg
		}
	}
	return rg
}

// scopeOf is the resource group whose policies apply to r: GroupOf its resource, else the
// group of r's workspace (unless the ARN names another workspace).
func (s *Snapshot) scopeOf(r *WorkspaceRequest) string {
	if rg := s.GroupOf(r.Resource, r.ResourceGroupID); rg != "" || r.ResourceGroupID != "" {
		return rg
	}
	if id, ok := workspaceOf(r.Resource); ok && id != r.WorkspaceID {
		return ""
	}
	if w := s.workspaces.at(r.WorkspaceID); w != nil {
		return w.rg
	}
	return ""
}

// permission finds the permission code r is about and completes req.Action from it.
func (s *Snapshot) permission(r *WorkspaceRequest, req *Request) *Permission {
	if r.Code != "" {
		p, ok := s.rolePerms.ByCode(r.Code)
		if !ok {
			return nil
		}
		if req.Action == "" {
			req.Action = p.RAMAction
		}
		return p
	}
	p, _ := s.rolePerms.ByAction(req.Action)
	return p
}

// workspaceOf returns the workspace a resource ARN names
// (acs:<service>:<region>:<account>:workspace/<id>[/<path>]), and false for an ARN that names
// none. It allocates nothing: it is on the decision path.
func workspaceOf(arn string) (string, bool) {
	rest := arn
	for range 4 {
		i := strings.IndexByte(rest, ':')
		if i < 0 {
			return "", false
		}
		rest = rest[i+1:]
	}
	id, ok := strings.CutPrefix(rest, "workspace/")
	if !ok {
		return "", false
	}
	if i := strings.IndexByte(id, '/'); i >= 0 {
		id = id[:i]
	}
	return id, true
}

// sessionAllows reports whether a role session's session policy allows req (always true for
// callers without one).
func sessionAllows(c *Caller, req *Request) bool {
	if c.Type != RoleSession || c.SessionPolicy == nil {
		return true
	}
	return c.SessionPolicy.Evaluate(&policy.Request{Action: req.Action, Resource: req.Resource, Context: req.Context}).Allowed()
}
