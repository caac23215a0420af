package console

import (
	"net/http"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/ram"
)

// "Identities > User Groups": the list, creating a group, and a group's members and permissions.

type groupsData struct {
	Groups  []ram.Group
	Listed  bool // the list was read: an empty one means there are no groups
	Name    string
	Comment string
	Problem *problem
}

func (h *Handler) groups(v *visit) {
	p, err := h.ram.ListGroups(v.r.Context(), v.caller, ram.PageInput{RequestID: v.requestID(), MaxItems: 1000})
	v.page(statusOf(err), "groups", "User Groups", Prefix+"groups", groupsData{Groups: p.Items, Listed: err == nil, Problem: problemOf(err)})
}

func (h *Handler) newGroup(v *visit) {
	name, comments := strings.TrimSpace(v.r.PostFormValue("name")), v.r.PostFormValue("comments")
	g, err := h.ram.CreateGroup(v.r.Context(), v.caller, ram.CreateGroupInput{RequestID: v.requestID(), GroupName: name, Comments: comments})
	if err != nil {
		p, lerr := h.ram.ListGroups(v.r.Context(), v.caller, ram.PageInput{RequestID: v.requestID(), MaxItems: 1000})
		v.page(statusOf(err), "groups", "User Groups", Prefix+"groups", groupsData{Groups: p.Items, Listed: lerr == nil, Name: name, Comment: comments, Problem: problemOf(err)})
		return
	}
	v.redirectDone(Prefix+"groups/"+nameSegment(g.Name), "The group has been created.")
}

type groupData struct {
	Group           ram.Group
	Members         []ram.GroupMember
	MembersProblem  *problem
	Users           []ram.User // to add: the users not in the group
	UsersListed     bool       // false: the caller may not list users, so it names the one to add
	Policies        []ram.AttachedPolicy
	PoliciesProblem *problem
	Notice          string
	Problem         *problem
}

func (h *Handler) group(v *visit) {
	d, err := h.loadGroup(v, pathName(v.r))
	if err != nil {
		v.fail("User Group", err)
		return
	}
	d.Notice = v.notice()
	v.page(http.StatusOK, "group", "User Group "+d.Group.Name, Prefix+"groups", d)
}

func (h *Handler) loadGroup(v *visit, name string) (*groupData, error) {
	ctx, rid := v.r.Context(), v.requestID()
	g, err := h.ram.GetGroup(ctx, v.caller, ram.GroupInput{RequestID: rid, GroupName: name})
	if err != nil {
		return nil, err
	}
	d := &groupData{Group: g}
	m, err := h.ram.ListUsersForGroup(ctx, v.caller, ram.ListUsersForGroupInput{RequestID: rid, GroupName: g.Name, MaxItems: 1000})
	d.Members, d.MembersProblem = m.Items, problemOf(err)
	if us, err := allUsers(v); err == nil {
		// Offered: the users not in the group (all of them when its members cannot be read).
		d.UsersListed = true
		for _, u := range us {
			if !slices.ContainsFunc(d.Members, func(m ram.GroupMember) bool { return m.User.Name == u.Name }) {
				d.Users = append(d.Users, u)
			}
		}
	}
	d.Policies, err = h.ram.ListPoliciesForGroup(ctx, v.caller, ram.GroupInput{RequestID: rid, GroupName: g.Name})
	d.PoliciesProblem = problemOf(err)
	return d, nil
}

func (h *Handler) groupOp(v *visit) {
	name, op := pathName(v.r), v.r.PathValue("op")
	ctx, rid, f := v.r.Context(), v.requestID(), v.r.PostForm
	var err error
	var done string
	switch op {
	case "members-add":
		user := strings.TrimSpace(f.Get("user")) // typed when the caller may not list users
		err = h.ram.AddUserToGroup(ctx, v.caller, ram.MembershipInput{RequestID: rid, GroupName: name, UserName: user})
		done = "Added " + user + "."
	case "members-remove":
		err = h.ram.RemoveUserFromGroup(ctx, v.caller, ram.MembershipInput{RequestID: rid, GroupName: name, UserName: f.Get("user")})
		done = "Removed " + f.Get("user") + "."
	case "detach":
		typ, pol := splitPolicy(f.Get("policy"))
		err = h.ram.DetachPolicyFromGroup(ctx, v.caller, ram.AttachmentInput{RequestID: rid, PolicyType: typ, PolicyName: pol, PrincipalName: name})
		done = "Revoked " + pol + "."
	default:
		v.fail("User Group", notFoundf("There is no action %q.", op))
		return
	}
	if err == nil {
		v.redirectDone(Prefix+"groups/"+nameSegment(name), done)
		return
	}
	d, lerr := h.loadGroup(v, name)
	if lerr != nil {
		v.failAction("User Group", err, lerr)
		return
	}
	d.Problem = problemOf(err)
	v.page(statusOf(err), "group", "User Group "+name, Prefix+"groups", d)
}
