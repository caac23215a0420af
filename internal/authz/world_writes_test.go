package authz_test

import (
	"maps"
	"slices"

	"github.com/rampart-iam/rampart/internal/authz"
	"pgregory.net/rapid"
)

// write makes one random change to w, as one API call would. Some leave w in a state Build
// refuses (an attachment of a missing policy, a deleted policy still attached, a document that
// does not parse); the test expects Apply to refuse it too.
func (w *world) write(t *rapid.T, system []string) {
	switch rapid.IntRange(0, 13).Draw(t, "write") {
	case 0, 1:
		id := rapid.SampledFrom(userIDs).Draw(t, "user")
		name := id + "-" + rapid.SampledFrom([]string{"a", "B", "c"}).Draw(t, "name")
		groups := drawSome(t, slices.Sorted(maps.Keys(w.groups)), "groups")
		w.users[id] = authz.UserState{UserData: authz.UserData{ID: id, Name: name}, Groups: groups}
	case 2:
		if id, ok := drawKey(t, w.users, "delete user"); ok {
			delete(w.users, id)
			w.forget(principal{authz.UserPrincipal, id})
		}
	case 3:
		id := rapid.SampledFrom(groupIDs).Draw(t, "group")
		w.groups[id] = authz.GroupData{ID: id, Name: id + "-" + rapid.SampledFrom([]string{"x", "y"}).Draw(t, "name")}
	case 4:
		if id, ok := drawKey(t, w.groups, "delete group"); ok {
			delete(w.groups, id)
			delete(w.attached, principal{authz.GroupPrincipal, id})
			for uid, u := range w.users {
				if slices.Contains(u.Groups, id) {
					u.Groups = slices.DeleteFunc(slices.Clone(u.Groups), func(g string) bool { return g == id })
					w.users[uid] = u
				}
			}
		}
	case 5:
		id := rapid.SampledFrom(roleIDs).Draw(t, "role")
		w.roles[id] = authz.RoleData{ID: id, Name: id + "-" + rapid.SampledFrom([]string{"x", "Y"}).Draw(t, "name"),
			TrustPolicy: rapid.SampledFrom(trustDocs).Draw(t, "trust")}
	case 6:
		if id, ok := drawKey(t, w.roles, "delete role"); ok {
			delete(w.roles, id)
			w.forget(principal{authz.RolePrincipal, id})
		}
	case 7:
		name := rapid.SampledFrom(policyNames).Draw(t, "policy")
		w.policies[name] = rapid.SampledFrom(policyDocs).Draw(t, "document")
	case 8:
		if name, ok := drawKey(t, w.policies, "delete policy"); ok {
			delete(w.policies, name)
		}
	case 9, 10, 11, 12:
		w.attach(t, system)
	case 13:
		id := rapid.SampledFrom(workspaceIDs).Draw(t, "workspace")
		if rapid.IntRange(0, 4).Draw(t, "delete workspace") == 0 {
			delete(w.workspaces, id)
			return
		}
		w.workspaces[id] = w.drawWorkspace(t, id)
	}
}

// populate fills an empty w: every principal and policy of the pools, users in groups, and
// attachments to most principals, so that writes find something to change.
func (w *world) populate(t *rapid.T, system []string) {
	for _, id := range groupIDs {
		w.groups[id] = authz.GroupData{ID: id, Name: id + "-x"}
	}
	for _, id := range roleIDs {
		w.roles[id] = authz.RoleData{ID: id, Name: id + "-x", TrustPolicy: rapid.SampledFrom(trustDocs).Draw(t, "trust")}
	}
	for i, name := range policyNames {
		w.policies[name] = policyDocs[i]
	}
	for _, id := range userIDs {
		w.users[id] = authz.UserState{UserData: authz.UserData{ID: id, Name: id + "-a"}, Groups: drawSome(t, groupIDs, "groups")}
	}
	for range 6 {
		w.attach(t, system)
	}
}

// attach replaces the attachments of an existing principal.
func (w *world) attach(t *rapid.T, system []string) {
	var ps []principal
	for id := range w.users {
		ps = append(ps, principal{authz.UserPrincipal, id})
	}
	for id := range w.groups {
		ps = append(ps, principal{authz.GroupPrincipal, id})
	}
	for id := range w.roles {
		ps = append(ps, principal{authz.RolePrincipal, id})
	}
	if len(ps) == 0 {
		return
	}
	slices.SortFunc(ps, comparePrincipals)
	k := rapid.SampledFrom(ps).Draw(t, "principal")
	var atts []authz.Attachment
	for range rapid.IntRange(0, 3).Draw(t, "attachments") {
		a := authz.Attachment{PolicyType: authz.CustomPolicy, PrincipalType: k.typ, PrincipalID: k.id,
			ResourceGroupID: rapid.SampledFrom(scopes).Draw(t, "scope")}
		if rapid.Bool().Draw(t, "system") {
			a.PolicyType, a.PolicyName = authz.SystemPolicy, rapid.SampledFrom(system).Draw(t, "system policy")
		} else {
			a.PolicyName = rapid.SampledFrom(policyNames).Draw(t, "custom policy")
		}
		if !slices.Contains(atts, a) {
			atts = append(atts, a)
		}
	}
	if len(atts) == 0 {
		delete(w.attached, k)
	} else {
		w.attached[k] = atts
	}
}

func (w *world) drawWorkspace(t *rapid.T, id string) authz.WorkspaceState {
	ws := authz.WorkspaceState{WorkspaceData: authz.WorkspaceData{ID: id, ResourceGroupID: rapid.SampledFrom(scopes).Draw(t, "workspace group")}}
	var members []principal
	for _, uid := range drawSome(t, slices.Sorted(maps.Keys(w.users)), "user members") {
		members = append(members, principal{authz.UserPrincipal, uid})
	}
	for _, rid := range drawSome(t, slices.Sorted(maps.Keys(w.roles)), "role members") {
		members = append(members, principal{authz.RolePrincipal, rid})
	}
	for _, m := range members {
		ws.Members = append(ws.Members, authz.WorkspaceMemberData{WorkspaceID: id, PrincipalType: m.typ, PrincipalID: m.id,
			Roles: drawSome(t, wsRoles, "workspace roles")})
	}
	targets := []authz.WorkspaceResourceData{
		{WorkspaceID: id, Type: authz.ResourceOSSPath, Target: "oss://bkt/data/"},
		{WorkspaceID: id, Type: authz.ResourceOSSPath, Target: "oss://bkt2/"},
		{WorkspaceID: id, Type: authz.ResourceMaxComputeProject, Target: "proj1"},
	}
	for _, i := range drawSome(t, []int{0, 1, 2}, "resources") {
		ws.Resources = append(ws.Resources, targets[i])
	}
	return ws
}

// forget deletes what the store deletes with a user or role: its attachments and memberships.
func (w *world) forget(k principal) {
	delete(w.attached, k)
	for id, ws := range w.workspaces {
		kept := slices.DeleteFunc(slices.Clone(ws.Members), func(m authz.WorkspaceMemberData) bool {
			return m.PrincipalType == k.typ && m.PrincipalID == k.id
		})
		if len(kept) != len(ws.Members) {
			ws.Members = kept
			w.workspaces[id] = ws
		}
	}
}

// drawSome draws a subset of from, in from's order.
func drawSome[T any](t *rapid.T, from []T, label string) []T {
	var out []T
	for i, v := range from {
		if rapid.Bool().Draw(t, label+"#"+string(rune('0'+i))) {
			out = append(out, v)
		}
	}
	return out
}

func drawKey[V any](t *rapid.T, m map[string]V, label string) (string, bool) {
	if len(m) == 0 {
		return "", false
	}
	return rapid.SampledFrom(slices.Sorted(maps.Keys(m))).Draw(t, label), true
}
