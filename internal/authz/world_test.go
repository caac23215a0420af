package authz_test

import (
	"maps"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"pgregory.net/rapid"
)

// world is a tiny account as a store holds it, for the differential test of Apply: random
// writes change it the way the store's API would (deleting a principal deletes its attachments
// and memberships), and it can be read whole (data, for Build) or as what changed (delta, for
// Apply).
type world struct {
	users      map[string]authz.UserState
	groups     map[string]authz.GroupData
	roles      map[string]authz.RoleData
	policies   map[string]string // name → document of the default version
	attached   map[principal][]authz.Attachment
	workspaces map[string]authz.WorkspaceState
}

type principal struct {
	typ authz.PrincipalType
	id  string
}

// The pools random writes draw from; small, so that writes often meet.
var (
	userIDs      = []string{"u1", "u2", "u3", "u4", "u5"}
	groupIDs     = []string{"g1", "g2", "g3"}
	roleIDs      = []string{"r1", "r2", "r3"}
	policyNames  = []string{"Pol0", "Pol1", "Pol2", "Pol3"}
	workspaceIDs = []string{"w1", "w2"}
	scopes       = []string{"", "", "rg-a", "rg-b"}
	wsRoles      = []string{"PAI.AlgoDeveloper", "PAI.WorkspaceGuest", "PAI.WorkspaceAdmin", "PAI.MaxComputeDeveloper", "PAI.AlgoOperator", "PAI.Custom"}
)

// policyDocs are custom policies' documents: grants, denies, conditions and a policy variable
// (the keys ReadsKey reports), and one that no longer parses.
var policyDocs = []string{
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}`,
	`{"Version":"1","Statement":[{"Sid":"keep","Effect":"Deny","Action":"oss:DeleteObject","Resource":"acs:oss:*:*:b/keep/*"}]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:Describe*","oss:GetObject"],"Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"acs:oss:*:*:home/${acs:PrincipalName}/*"}]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram::*:role/r*"}]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":["paidlc:*","paiworkspace:*"],"Resource":"*"},{"Effect":"Deny","Action":"paidlc:DeleteJob","Resource":"*","Condition":{"Bool":{"acs:SecureTransport":["false"]}}}]}`,
	`{"Version":"1","Statement":[{"Effect":"Alow","Action":"*","Resource":"*"}]}`,
}

var trustDocs = []string{
	trustAccount,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":["eas.pai.aliyuncs.com"]}}]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:user/u1-a"]}}]}`,
}

func newWorld() *world {
	return &world{users: map[string]authz.UserState{}, groups: map[string]authz.GroupData{}, roles: map[string]authz.RoleData{},
		policies: map[string]string{}, attached: map[principal][]authz.Attachment{}, workspaces: map[string]authz.WorkspaceState{}}
}

// clone copies w's maps; the records in them are never changed in place.
func (w *world) clone() *world {
	return &world{users: maps.Clone(w.users), groups: maps.Clone(w.groups), roles: maps.Clone(w.roles),
		policies: maps.Clone(w.policies), attached: maps.Clone(w.attached), workspaces: maps.Clone(w.workspaces)}
}

// data reads w whole, as the store's loader does.
func (w *world) data(rev int64, rp *authz.RolePermissions) *authz.Data {
	d := &authz.Data{Revision: rev, AccountID: account, RolePermissions: rp}
	for _, id := range slices.Sorted(maps.Keys(w.users)) {
		u := w.users[id]
		d.Users = append(d.Users, u.UserData)
		for _, g := range u.Groups {
			d.Members = append(d.Members, authz.Membership{GroupID: g, UserID: id})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(w.groups)) {
		d.Groups = append(d.Groups, w.groups[id])
	}
	for _, id := range slices.Sorted(maps.Keys(w.roles)) {
		d.Roles = append(d.Roles, w.roles[id])
	}
	for _, name := range slices.Sorted(maps.Keys(w.policies)) {
		d.Policies = append(d.Policies, authz.PolicyData{Name: name, Document: w.policies[name]})
	}
	for _, k := range slices.SortedFunc(maps.Keys(w.attached), comparePrincipals) {
		d.Attachments = append(d.Attachments, w.attached[k]...)
	}
	for _, id := range slices.Sorted(maps.Keys(w.workspaces)) {
		ws := w.workspaces[id]
		d.Workspaces = append(d.Workspaces, ws.WorkspaceData)
		d.WorkspaceMembers = append(d.WorkspaceMembers, ws.Members...)
		d.WorkspaceResources = append(d.WorkspaceResources, ws.Resources...)
	}
	return d
}

func comparePrincipals(a, b principal) int {
	return strings.Compare(string(a.typ)+"/"+a.id, string(b.typ)+"/"+b.id)
}

// delta is what changed from old to w, as a reader of the change log would send it: every
// entity written, whole, and every entity deleted. Like such a reader it may also send an
// unchanged entity again, or one deleted and written again.
func (w *world) delta(t *rapid.T, old *world, rev int64) *authz.Delta {
	d := &authz.Delta{Revision: rev}
	again := func(what string) bool { return rapid.IntRange(0, 5).Draw(t, what) == 0 }
	for _, id := range slices.Sorted(maps.Keys(w.users)) {
		u, o := w.users[id], old.users[id]
		if _, had := old.users[id]; had && again("delete user and write it again") {
			d.DeletedUsers = append(d.DeletedUsers, id)
		} else if u.UserData == o.UserData && slices.Equal(u.Groups, o.Groups) && !again("write user again") {
			continue
		}
		d.Users = append(d.Users, u)
	}
	for _, id := range slices.Sorted(maps.Keys(w.groups)) {
		if g, had := old.groups[id]; had && g == w.groups[id] && !again("write group again") {
			continue
		}
		d.Groups = append(d.Groups, w.groups[id])
	}
	for _, id := range slices.Sorted(maps.Keys(w.roles)) {
		if r, had := old.roles[id]; had && r == w.roles[id] && !again("write role again") {
			continue
		}
		d.Roles = append(d.Roles, w.roles[id])
	}
	for _, name := range slices.Sorted(maps.Keys(w.policies)) {
		if doc, had := old.policies[name]; had && doc == w.policies[name] {
			if !again("delete policy and create it again") {
				continue
			}
			d.DeletedPolicies = append(d.DeletedPolicies, strings.ToLower(name))
		}
		d.Policies = append(d.Policies, authz.PolicyData{Name: name, Document: w.policies[name]})
	}
	for _, k := range slices.SortedFunc(maps.Keys(w.attached), comparePrincipals) {
		if slices.Equal(old.attached[k], w.attached[k]) && !again("write attachments again") {
			continue
		}
		d.Attachments = append(d.Attachments, authz.PrincipalAttachments{PrincipalType: k.typ, PrincipalID: k.id, Attachments: w.attached[k]})
	}
	for _, k := range slices.SortedFunc(maps.Keys(old.attached), comparePrincipals) {
		if _, ok := w.attached[k]; !ok {
			d.Attachments = append(d.Attachments, authz.PrincipalAttachments{PrincipalType: k.typ, PrincipalID: k.id})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(w.workspaces)) {
		o, had := old.workspaces[id]
		ws := w.workspaces[id]
		if had && o.WorkspaceData == ws.WorkspaceData && slices.EqualFunc(o.Members, ws.Members, sameMember) &&
			slices.Equal(o.Resources, ws.Resources) && !again("write workspace again") {
			continue
		}
		d.Workspaces = append(d.Workspaces, ws)
	}
	d.DeletedUsers = append(d.DeletedUsers, gone(old.users, w.users)...)
	d.DeletedGroups = gone(old.groups, w.groups)
	d.DeletedRoles = gone(old.roles, w.roles)
	for _, name := range gone(old.policies, w.policies) {
		d.DeletedPolicies = append(d.DeletedPolicies, strings.ToLower(name))
	}
	d.DeletedWorkspaces = gone(old.workspaces, w.workspaces)
	return d
}

func sameMember(a, b authz.WorkspaceMemberData) bool {
	return a.PrincipalType == b.PrincipalType && a.PrincipalID == b.PrincipalID && slices.Equal(a.Roles, b.Roles)
}

// gone lists the keys of old that now lacks.
func gone[V any](old, now map[string]V) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(old)) {
		if _, ok := now[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}
