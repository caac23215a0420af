package authzapi

import (
	"strconv"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/policy"
)

// reasons says in a few sentences why d was decided for caller on snap: the RAM statements that
// matched, and what allowed when RAM did not.
func reasons(snap *authz.Snapshot, caller *authz.Caller, d authz.WorkspaceDecision, r *authz.WorkspaceRequest) []string {
	var out []string
	if d.RAM.Root {
		out = append(out, "the account's root identity is always allowed")
	}
	for _, m := range d.RAM.Matches {
		out = append(out, statement(m))
	}
	code := r.Action
	if d.Permission != nil {
		code = d.Permission.Code
	}
	switch d.By {
	case authz.GrantDefault:
		out = append(out, "PAI allows "+code+" unless a RAM policy denies it")
	case authz.GrantRole:
		out = append(out, "workspace role "+d.Role+" in workspace "+r.WorkspaceID+" grants "+code)
	case authz.GrantMemberService:
		sid := ""
		if d.Grant != nil {
			sid = " (" + d.Grant.Sid + ")"
		}
		out = append(out, "a workspace role in workspace "+r.WorkspaceID+" carries this right on a dependent service"+sid)
	case authz.GrantNone:
		// Nothing denied explicitly here, so the identity policies allow exactly when one of
		// their Allow statements matched, and so does a session policy.
		identity, session := allows(d.RAM.Matches)
		if !identity {
			out = append(out, "no RAM policy allows "+r.Action+" on "+r.Resource)
		}
		if caller.Type == authz.RoleSession && caller.SessionPolicy != nil && !session {
			// DecideWorkspace stops here: the caller's workspace roles were not consulted.
			out = append(out, "the session policy does not allow "+r.Action)
			break
		}
		switch {
		case r.WorkspaceID == "":
		case d.OtherWorkspace:
			out = append(out, r.Resource+" is not in workspace "+r.WorkspaceID+": the caller's roles there do not reach it")
		case !d.Member && !snap.HasWorkspace(r.WorkspaceID):
			out = append(out, "workspace "+r.WorkspaceID+" does not exist")
		case !d.Member:
			out = append(out, "the caller holds no role in workspace "+r.WorkspaceID)
		case d.Permission != nil:
			out = append(out, "none of the caller's roles in workspace "+r.WorkspaceID+" grants "+code+" for this resource")
		default:
			out = append(out, "the caller's roles in workspace "+r.WorkspaceID+" carry no right to "+r.Action+" on "+r.Resource)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// allows reports whether an Allow statement of the identity policies, and one of the session
// policy, is among ms.
func allows(ms []authz.Match) (identity, session bool) {
	for _, m := range ms {
		if m.Effect == policy.Allow {
			identity = identity || !m.Session
			session = session || m.Session
		}
	}
	return identity, session
}

// statement describes one matched RAM statement.
func statement(m authz.Match) string {
	s := m.Effect.String() + " by "
	switch {
	case m.Session:
		s += "the session policy"
	default:
		s += string(m.PolicyType) + " policy " + m.PolicyName
	}
	s += ", statement " + strconv.Itoa(m.Statement)
	if m.Sid != "" {
		s += " (" + m.Sid + ")"
	}
	if m.ResourceGroupID != "" {
		s += ", attached in resource group " + m.ResourceGroupID
	}
	return s
}
