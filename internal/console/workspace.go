package console

import (
	"net/http"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

// A workspace's page: its members and their roles, and what the signed-in person may do in it.
// Which forms the page offers follows the person's own permissions in the workspace, as PAI's
// ListPermissions answers (a Visitor or an Algorithm Developer sees the members but no form to
// change them); the domain still decides every change, so a form posted anyway is denied. When
// the person may not call ListPermissions, the page cannot know and offers every form: a RAM
// policy may allow paiworkspace:CreateMember without it, and a refused change names its action.

// The permission codes behind the member forms.
const (
	codeCreateMember     = "PaiWorkspace:CreateMember"
	codeAddMemberRole    = "PaiWorkspace:AddMemberRole"
	codeRemoveMemberRole = "PaiWorkspace:RemoveMemberRole"
	codeDeleteMembers    = "PaiWorkspace:DeleteMembers"
)

type workspaceData struct {
	Workspace pai.Workspace
	Admin     catalog.ResourceAdministrator
	Notice    string
	Problem   *problem // of the last action

	Members        []memberView
	MembersProblem *problem

	Root         bool
	MyRoles      []string // role names, when the person is a member
	Held         int      // permission codes the person holds here
	Permissions  []heldGroup
	PermsProblem *problem

	CanAdd, CanChange, CanRemove bool
	Candidates                   []candidate // RAM users and roles not yet members
	UsersProblem                 *problem    // of listing the RAM users not yet members
	RoleChoices                  []roleChoice
	Chosen                       string // the candidate chosen before an error
}

type memberView struct {
	pai.Member
	Kind  string // "RAM user" or "RAM role"
	Roles []roleChoice
}

// roleChoice is a workspace role in a form: Held when the member holds it (or it was ticked).
type roleChoice struct {
	ID, Name string
	Held     bool
}

type candidate struct {
	ID, Label string
	Role      bool // a RAM role, not a user
}

// heldGroup is the actions of one service (the permission code's prefix, "PaiDLC") the person
// holds under the same rules.
type heldGroup struct {
	Service, Rules string
	Actions        []string
}

// groupHeld groups permission codes by service and rules, in the order PAI lists them.
func groupHeld(perms []pai.PermissionRules) []heldGroup {
	var out []heldGroup
	at := map[[2]string]int{}
	for _, p := range perms {
		svc, action, _ := strings.Cut(p.Code, ":")
		key := [2]string{svc, rulesWords(p.Rules)}
		i, ok := at[key]
		if !ok {
			i = len(out)
			at[key] = i
			out = append(out, heldGroup{Service: svc, Rules: key[1]})
		}
		out[i].Actions = append(out[i].Actions, action)
	}
	return out
}

func (h *Handler) workspace(v *visit) {
	d, err := h.loadWorkspace(v, v.r.PathValue("id"))
	if err != nil {
		v.fail("Workspace", err)
		return
	}
	d.Notice = v.notice()
	v.page(http.StatusOK, "workspace", "Workspace "+d.Workspace.DisplayName, Prefix+"pai/workspaces", d)
}

// loadWorkspace reads the workspace with its members and the person's permissions in it.
func (h *Handler) loadWorkspace(v *visit, id string) (*workspaceData, error) {
	ctx, rid := v.r.Context(), v.requestID()
	w, err := h.pai.GetWorkspace(ctx, v.caller, pai.WorkspaceInput{RequestID: rid, WorkspaceID: id})
	if err != nil {
		return nil, err
	}
	d := &workspaceData{Workspace: w, Admin: h.catalog.ResourceAdministrator(), Root: v.caller.Type == authz.Root}
	names := roleNames(h.catalog)
	members, err := h.allMembers(v, w.ID)
	d.MembersProblem = problemOf(err)
	for _, m := range members {
		mv := memberView{Member: m, Kind: "RAM user", Roles: h.roleChoices(m.Roles)}
		if m.Type == store.PrincipalRole {
			mv.Kind = "RAM role"
		}
		d.Members = append(d.Members, mv)
		if m.ID == v.caller.ID && v.caller.ID != "" {
			for _, r := range m.Roles {
				d.MyRoles = append(d.MyRoles, roleName(names, r))
			}
		}
	}

	perms, err := h.pai.ListPermissions(ctx, v.caller, pai.ListPermissionsInput{RequestID: rid, WorkspaceID: w.ID})
	d.PermsProblem = problemOf(err)
	held := map[string]bool{}
	for _, p := range perms {
		held[p.Code] = true
	}
	d.Held, d.Permissions = len(perms), groupHeld(perms)
	unknown := err != nil
	d.CanAdd = unknown || held[codeCreateMember]
	d.CanChange = unknown || held[codeAddMemberRole] && held[codeRemoveMemberRole]
	d.CanRemove = unknown || held[codeDeleteMembers]
	if d.CanAdd {
		d.RoleChoices = h.roleChoices(nil)
		d.Candidates, d.UsersProblem = h.candidates(v, w.ID, members)
	}
	return d, nil
}

// allMembers reads every member, a page of PAI's largest size at a time.
func (h *Handler) allMembers(v *visit, ws string) ([]pai.Member, error) {
	var out []pai.Member
	for n := 1; ; n++ {
		l, err := h.pai.ListMembers(v.r.Context(), v.caller, pai.ListMembersInput{RequestID: v.requestID(), WorkspaceID: ws,
			Page: pai.Page{Number: n, Size: 100}})
		if err != nil {
			return out, err
		}
		out = append(out, l.Members...)
		if len(l.Members) == 0 || len(out) >= l.TotalCount {
			return out, nil
		}
	}
}

// candidates are who may be added: the RAM users PAI lists as not yet members, and the RAM
// roles that are not members when the person may list roles (ram:ListRoles). The problem is
// ListWorkspaceUsers' refusal: without the list the page cannot say every user is a member.
func (h *Handler) candidates(v *visit, ws string, members []pai.Member) ([]candidate, *problem) {
	var out []candidate
	users, uerr := h.pai.ListWorkspaceUsers(v.r.Context(), v.caller, pai.ListWorkspaceUsersInput{RequestID: v.requestID(), WorkspaceID: ws})
	for _, u := range users {
		label := u.Name
		if u.DisplayName != "" && u.DisplayName != u.Name {
			label += " (" + u.DisplayName + ")"
		}
		out = append(out, candidate{ID: u.ID, Label: label})
	}
	roles, err := h.ram.ListRoles(v.r.Context(), v.caller, ram.PageInput{RequestID: v.requestID(), MaxItems: 1000})
	if err != nil {
		return out, problemOf(uerr)
	}
	for _, r := range roles.Items {
		if !slices.ContainsFunc(members, func(m pai.Member) bool { return m.ID == r.ID }) {
			out = append(out, candidate{ID: r.ID, Label: r.Name, Role: true})
		}
	}
	return out, problemOf(uerr)
}

// roleChoices lists every workspace role in the catalog's order, held ones marked.
func (h *Handler) roleChoices(held []string) []roleChoice {
	var out []roleChoice
	for _, r := range h.catalog.WorkspaceRoles() {
		out = append(out, roleChoice{ID: r.ID, Name: r.DisplayName, Held: slices.Contains(held, r.ID)})
	}
	return out
}
