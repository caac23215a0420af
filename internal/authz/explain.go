package authz

import "github.com/rampart-iam/rampart/policy"

// Explanation is a decision with everything consulted to reach it: every statement of every
// policy that governs the caller for the request's scope and why it matched or not, and every
// workspace role the caller holds with each of its rules.
type Explanation struct {
	Decision WorkspaceDecision
	// Statements lists the identity policies' statements (account scope, then the request's
	// resource group), then the session policy's statements that matched.
	Statements []StatementReason
	// Roles lists the caller's roles in the workspace, in the catalog's order.
	Roles []RoleReason
	// MemberGrants lists the statements of the roles' dependent-service grants.
	MemberGrants []StatementReason
	// Notes says what decided without a statement or a role: the root identity, a
	// default-allowed permission, a session policy that does not allow, not being a member.
	Notes []string
}

// StatementReason says whether one statement matched the request, and if not, why.
type StatementReason struct {
	PolicyType      PolicyType // "" for the session policy and member grants
	PolicyName      string
	Statement       int
	Sid             string
	Effect          policy.Effect
	ResourceGroupID string // the scope the policy is attached at; "" for the account
	Session         bool   // a statement of the role session's session policy
	Matched         bool
	Reason          string // "matched", "action does not match", ...
}

// RoleReason is one workspace role of the caller and what its rules say about the request.
type RoleReason struct {
	Role  string
	Rules []RuleReason // empty: the role does not hold the permission code
	// Grants reports whether the role allowed the request through a rule.
	Grants bool
}

// RuleReason is one rule of a role and whether it covers the resource.
type RuleReason struct {
	Accessibility    string
	EntityAccessType string
	Result           RuleResult
}

// ExplainWorkspace decides r as DecideWorkspace does and explains it. It is slower than the
// decision (each statement that did not match is re-checked part by part), for people and tools
// asking why, not for the request path.
func (s *Snapshot) ExplainWorkspace(caller *Caller, r *WorkspaceRequest) Explanation {
	e := Explanation{Decision: s.DecideWorkspace(caller, r)}
	req := r.Request
	s.permission(r, &req)
	w := s.workspaces.at(r.WorkspaceID)
	req.ResourceGroupID = s.scopeOf(r)
	pr := &policy.Request{Action: req.Action, Resource: req.Resource, Context: req.Context}

	var k principalKey
	switch caller.Type {
	case Root:
		if caller.AccountID == s.accountID {
			e.Notes = append(e.Notes, "the account's root identity is always allowed")
		} else {
			e.Notes = append(e.Notes, "the root identity of another account has no rights here")
		}
	case User:
		k = principalKey{UserPrincipal, caller.ID}
	case RoleSession:
		k = principalKey{RolePrincipal, caller.ID}
	default:
		e.Notes = append(e.Notes, "a service principal holds no policies; it acts through the roles it assumes")
	}
	if k.id != "" {
		byScope := s.attachedPolicies(k)
		scopes := []string{""}
		if req.ResourceGroupID != "" {
			scopes = append(scopes, req.ResourceGroupID)
		}
		for _, scope := range scopes {
			for _, p := range byScope[scope] {
				ref := s.origin(p)
				for i, st := range p.Statements() {
					matched, why := explainStatement(st, pr)
					e.Statements = append(e.Statements, StatementReason{PolicyType: ref.typ, PolicyName: ref.name,
						Statement: i, Sid: st.Sid, Effect: st.Effect, ResourceGroupID: scope, Matched: matched, Reason: why})
				}
			}
		}
		if len(byScope) == 0 {
			e.Notes = append(e.Notes, "no policy is attached to the caller (or its groups)")
		}
	}
	if caller.Type == RoleSession && caller.SessionPolicy != nil {
		sd := caller.SessionPolicy.Evaluate(pr)
		for _, m := range sd.Matches() {
			e.Statements = append(e.Statements, StatementReason{PolicyName: m.Policy.Name(), Statement: m.Statement,
				Sid: m.Sid(), Effect: m.Effect(), Session: true, Matched: true, Reason: "matched"})
		}
		if !sd.Allowed() {
			e.Notes = append(e.Notes, "the session policy does not allow the action, so it is denied whatever the role's policies and workspace roles say")
		}
	}

	p := e.Decision.Permission
	switch {
	case p == nil:
		e.Notes = append(e.Notes, "the action is not a permission of PAI's role-permission list")
	case p.DefaultAllow:
		e.Notes = append(e.Notes, "PAI allows "+p.Code+" unless a RAM policy denies it")
	}
	if r.WorkspaceID == "" {
		return e
	}
	if w == nil {
		e.Notes = append(e.Notes, "workspace "+r.WorkspaceID+" does not exist")
		return e
	}
	if e.Decision.OtherWorkspace {
		e.Notes = append(e.Notes, "the resource is not in workspace "+r.WorkspaceID+", so the roles there do not reach it")
		return e
	}
	mk, ok := memberKey(caller)
	roles := w.members[mk]
	if !ok || roles == 0 {
		e.Notes = append(e.Notes, "the caller is not a member of workspace "+r.WorkspaceID)
		return e
	}
	uid := caller.UID()
	granted := false
	for i, id := range s.rolePerms.roles {
		if roles&(1<<i) == 0 {
			continue
		}
		rr := RoleReason{Role: id}
		if p != nil {
			for _, rule := range p.rules[i] {
				res := CheckRule(rule, r.Attributes, uid)
				rr.Rules = append(rr.Rules, RuleReason{Accessibility: string(rule.Accessibility),
					EntityAccessType: string(rule.EntityAccessType), Result: res})
				if res == RuleHolds && !granted {
					rr.Grants, granted = true, true
				}
			}
		}
		e.Roles = append(e.Roles, rr)
	}
	if g := s.memberGrants(w, roles); g.policy != nil {
		for i, st := range g.policy.Statements() {
			matched, why := explainStatement(st, pr)
			e.MemberGrants = append(e.MemberGrants, StatementReason{PolicyName: g.policy.Name(), Statement: i,
				Sid: st.Sid, Effect: st.Effect, Matched: matched, Reason: why})
		}
	}
	return e
}
