package console

import (
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/pai"
)

// The member forms of a workspace's page: add a RAM user or role with one or more roles,
// change a member's roles, remove a member. Each calls PAI's own operation (CreateMember,
// SetMemberRoles, DeleteMembers) with the signed-in person as the caller.

func (h *Handler) workspaceOp(v *visit) {
	ws, op := v.r.PathValue("id"), v.r.PathValue("op")
	f := v.r.PostForm
	member, roles := strings.TrimSpace(f.Get("member")), f["role"]
	var done string
	var err error
	switch op {
	case "members-add":
		done, err = h.addMember(v, ws, member, roles)
	case "members-roles":
		done, err = h.changeRoles(v, ws, member, roles)
	case "members-remove":
		done, err = h.removeMember(v, ws, member)
	default:
		v.fail("Workspace", notFoundf("There is no action %q.", op))
		return
	}
	if err == nil {
		v.redirectDone(workspacePath(ws)+"#members-h", done)
		return
	}
	d, lerr := h.loadWorkspace(v, ws)
	if lerr != nil {
		v.failAction("Workspace", err, lerr)
		return
	}
	d.Problem = problemOf(err)
	if op == "members-add" {
		d.Chosen = member
		for i := range d.RoleChoices {
			d.RoleChoices[i].Held = slices.Contains(roles, d.RoleChoices[i].ID)
		}
	}
	v.page(statusOf(err), "workspace", "Workspace "+d.Workspace.DisplayName, Prefix+"pai/workspaces", d)
}

func (h *Handler) addMember(v *visit, ws, member string, roles []string) (string, error) {
	switch {
	case member == "":
		return "", invalid("MissingParameter.Member", "Select a RAM user or role to add.")
	case len(roles) == 0:
		return "", invalid("MissingParameter.Roles", "Select at least one role for the member.")
	}
	ms, err := h.pai.CreateMember(v.r.Context(), v.caller, pai.CreateMemberInput{RequestID: v.requestID(), WorkspaceID: ws,
		Members: []pai.NewMember{{UserID: member, Roles: roles}}})
	if err != nil {
		return "", err
	}
	return ms[0].Name + " has been added as " + h.namesOfRoles(ms[0].Roles) + ".", nil
}

// changeRoles gives the member exactly the roles ticked, all or none of the changes: a role
// refused leaves the member as it was.
func (h *Handler) changeRoles(v *visit, ws, member string, roles []string) (string, error) {
	if len(roles) == 0 {
		return "", invalid("MissingParameter.Roles", "A member holds at least one role; to take every role away, remove the member.")
	}
	ctx, rid := v.r.Context(), v.requestID()
	m, err := h.pai.GetMember(ctx, v.caller, pai.GetMemberInput{RequestID: rid, WorkspaceID: ws, UserID: member})
	if err != nil {
		return "", err
	}
	if err := h.pai.SetMemberRoles(ctx, v.caller, pai.MemberRolesInput{RequestID: rid, WorkspaceID: ws, MemberID: m.ID, Roles: roles}); err != nil {
		return "", err
	}
	return "The roles of " + m.Name + " are now " + h.namesOfRoles(h.sortedRoles(roles)) + ".", nil
}

func (h *Handler) removeMember(v *visit, ws, member string) (string, error) {
	ctx, rid := v.r.Context(), v.requestID()
	m, err := h.pai.GetMember(ctx, v.caller, pai.GetMemberInput{RequestID: rid, WorkspaceID: ws, UserID: member})
	if err != nil {
		return "", err
	}
	if err := h.pai.DeleteMembers(ctx, v.caller, pai.DeleteMembersInput{RequestID: rid, WorkspaceID: ws, MemberIDs: []string{m.MemberID}}); err != nil {
		return "", err
	}
	return m.Name + " has been removed from the workspace.", nil
}

// namesOfRoles names roles for a message: "Algorithm Developer and Visitor".
func (h *Handler) namesOfRoles(ids []string) string {
	names := roleNames(h.catalog)
	words := make([]string, len(ids))
	for i, id := range ids {
		words[i] = roleName(names, id)
	}
	if n := len(words); n > 1 {
		return strings.Join(words[:n-1], ", ") + " and " + words[n-1]
	}
	return strings.Join(words, "")
}

// sortedRoles orders role IDs as the catalog lists them, dropping repeats.
func (h *Handler) sortedRoles(ids []string) []string {
	var out []string
	for _, r := range h.catalog.WorkspaceRoles() {
		if slices.Contains(ids, r.ID) {
			out = append(out, r.ID)
		}
	}
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
