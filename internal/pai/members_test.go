package pai_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

func TestCreateMember(t *testing.T) { storetest.Backends(t, testCreateMember) }

func testCreateMember(t *testing.T, open storetest.Opener) {
	e := newEnvWith(t, open, pai.Limits{Workspaces: 10, MembersPerWorkspace: 4, ResourcesPerWorkspace: 10, MembersPerCall: 3, ResourcesPerCall: 10, PageSize: 100})
	ctx := t.Context()
	ws := e.workspace("mlw")
	owner, dev := e.user("owner"), e.user("dev")
	alice, bob, carol := e.user("alice"), e.user("bob"), e.user("carol")
	ops := e.role("ops")
	e.member(ws, owner, pai.RoleOwner)
	e.member(ws, dev, pai.RoleDeveloper)

	add := func(c *callerT, members ...pai.NewMember) error {
		_, err := e.svc.CreateMember(ctx, c, pai.CreateMemberInput{WorkspaceID: ws, Members: members})
		return err
	}
	tests := []struct {
		name    string
		caller  *callerT
		members []pai.NewMember
		code    string
	}{
		{"no members", owner, nil, "MissingParameter"},
		{"no user", owner, []pai.NewMember{{Roles: []string{pai.RoleGuest}}}, "MissingParameter"},
		{"no roles", owner, []pai.NewMember{{UserID: alice.ID}}, "MissingParameter"},
		{"a custom role", owner, []pai.NewMember{{UserID: alice.ID, Roles: []string{"role-abc"}}}, "InvalidParameter.Members.Roles"},
		{"a user twice", owner, []pai.NewMember{{UserID: alice.ID + "," + alice.ID, Roles: []string{pai.RoleGuest}}}, "InvalidParameter.Members.UserId"},
		{"too many at once", owner, []pai.NewMember{{UserID: alice.ID + "," + bob.ID + "," + carol.ID + "," + ops.ID, Roles: []string{pai.RoleGuest}}}, "InvalidParameter.Members"},
		{"an unknown user", owner, []pai.NewMember{{UserID: "4040404040404040", Roles: []string{pai.RoleGuest}}}, "EntityNotExist.User"},
		{"a member already", owner, []pai.NewMember{{UserID: dev.ID, Roles: []string{pai.RoleGuest}}}, "EntityAlreadyExists.Workspace.Member"},
		{"a developer may not add members", dev, []pai.NewMember{{UserID: alice.ID, Roles: []string{pai.RoleGuest}}}, "NoPermission"},
		{"over the workspace's quota", owner, []pai.NewMember{{UserID: alice.ID + "," + bob.ID + "," + carol.ID, Roles: []string{pai.RoleGuest}}}, "LimitExceeded.Workspace.Member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, add(tt.caller, tt.members...), tt.code) })
	}

	got, err := e.svc.CreateMember(ctx, owner, pai.CreateMemberInput{WorkspaceID: ws, Members: []pai.NewMember{
		{UserID: alice.ID, Roles: []string{pai.RoleGuest, pai.RoleDeveloper, pai.RoleGuest}},
		{UserID: ops.ID, Roles: []string{pai.RoleOperator}},
	}})
	wantCode(t, err, "")
	want := []pai.Member{
		{MemberID: ws + "-" + alice.ID, WorkspaceID: ws, Principal: pai.Principal{ID: alice.ID, Name: "alice", DisplayName: "alice D", Type: "User"},
			Roles: []string{pai.RoleDeveloper, pai.RoleGuest}, CreateTime: e.now},
		{MemberID: ws + "-" + ops.ID, WorkspaceID: ws, Principal: pai.Principal{ID: ops.ID, Name: "ops", DisplayName: "ops", Type: "Role"},
			Roles: []string{pai.RoleOperator}, CreateTime: e.now},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CreateMember (-want +got):\n%s", diff)
	}
	// The role's sessions act with the role's workspace roles from the next call.
	if _, err := e.svc.ListMembers(ctx, ops, pai.ListMembersInput{WorkspaceID: ws}); err != nil {
		t.Errorf("a role session of a member: %v", err)
	}
}

func TestMemberQueries(t *testing.T) { storetest.Backends(t, testMemberQueries) }

func testMemberQueries(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	ws := e.workspace("mlw")
	guest, dev, stranger := e.user("guest"), e.user("developer"), e.user("stranger")
	e.member(ws, guest, pai.RoleGuest)
	e.now = e.now.Add(60e9)
	e.member(ws, dev, pai.RoleDeveloper, pai.RoleLabeler)

	names := func(l pai.MemberList) []string {
		var out []string
		for _, m := range l.Members {
			out = append(out, m.Name)
		}
		return out
	}
	tests := []struct {
		name   string
		caller *callerT
		in     pai.ListMembersInput
		want   []string
		code   string
	}{
		{"all", guest, pai.ListMembersInput{}, []string{"guest", "developer"}, ""},
		{"by role", guest, pai.ListMembersInput{Roles: []string{pai.RoleLabeler, pai.RoleOwner}}, []string{"developer"}, ""},
		{"by name", guest, pai.ListMembersInput{MemberName: "DEV"}, []string{"developer"}, ""},
		{"a page", guest, pai.ListMembersInput{Page: pai.Page{Number: 2, Size: 1}}, []string{"developer"}, ""},
		{"an unknown role", guest, pai.ListMembersInput{Roles: []string{"PAI.Nobody"}}, nil, "InvalidParameter.Roles"},
		{"a stranger", stranger, pai.ListMembersInput{}, nil, "NoPermission"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.WorkspaceID = ws
			l, err := e.svc.ListMembers(ctx, tt.caller, tt.in)
			wantCode(t, err, tt.code)
			if diff := cmp.Diff(tt.want, names(l)); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
		})
	}

	m, err := e.svc.GetMember(ctx, guest, pai.GetMemberInput{WorkspaceID: ws, UserID: dev.ID})
	wantCode(t, err, "")
	if m.MemberID != ws+"-"+dev.ID || !cmp.Equal(m.Roles, []string{pai.RoleDeveloper, pai.RoleLabeler}) {
		t.Errorf("GetMember = %+v", m)
	}
	m, err = e.svc.GetMember(ctx, guest, pai.GetMemberInput{WorkspaceID: ws, MemberID: ws + "-" + guest.ID})
	wantCode(t, err, "")
	if m.Name != "guest" {
		t.Errorf("GetMember by MemberId = %+v", m)
	}
	_, err = e.svc.GetMember(ctx, guest, pai.GetMemberInput{WorkspaceID: ws, UserID: stranger.ID})
	wantCode(t, err, "EntityNotExist.Workspace.Member")
	_, err = e.svc.GetMember(ctx, guest, pai.GetMemberInput{WorkspaceID: ws})
	wantCode(t, err, "MissingParameter")

	users, err := e.svc.ListWorkspaceUsers(ctx, guest, pai.ListWorkspaceUsersInput{WorkspaceID: ws})
	wantCode(t, err, "")
	if len(users) != 1 || users[0].Name != "stranger" {
		t.Errorf("ListWorkspaceUsers = %+v", users)
	}
	users, err = e.svc.ListWorkspaceUsers(ctx, guest, pai.ListWorkspaceUsersInput{WorkspaceID: ws, UserName: "nobody"})
	wantCode(t, err, "")
	if len(users) != 0 {
		t.Errorf("ListWorkspaceUsers filtered = %+v", users)
	}
	_, err = e.svc.ListWorkspaceUsers(ctx, stranger, pai.ListWorkspaceUsersInput{WorkspaceID: ws})
	wantCode(t, err, "NoPermission")

	// A member whose RAM user is deleted disappears and grants nothing.
	e.Given(func(ctx context.Context, tx store.Tx) error { return tx.DeleteUser(ctx, guest.ID) })
	l, err := e.svc.ListMembers(ctx, dev, pai.ListMembersInput{WorkspaceID: ws})
	wantCode(t, err, "")
	if diff := cmp.Diff([]string{"developer"}, names(l)); diff != "" {
		t.Errorf("members after deleting a user (-want +got):\n%s", diff)
	}
}

func TestMemberRoles(t *testing.T) { storetest.Backends(t, testMemberRoles) }

func testMemberRoles(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	ws, other := e.workspace("mlw"), e.workspace("cvw")
	admin, dev, otherAdmin := e.user("admin"), e.user("dev"), e.user("otheradmin")
	e.member(ws, admin, pai.RoleAdmin)
	e.member(ws, dev, pai.RoleDeveloper)
	e.member(other, otherAdmin, pai.RoleAdmin)
	devID := ws + "-" + dev.ID

	role := func(op func(context.Context, *callerT, pai.MemberRoleInput) error, c *callerT, member, role string) error {
		return op(ctx, c, pai.MemberRoleInput{WorkspaceID: ws, MemberID: member, RoleName: role})
	}
	add, remove := e.svc.AddMemberRole, e.svc.RemoveMemberRole
	wantCode(t, role(add, dev, devID, pai.RoleAdmin), "NoPermission")
	wantCode(t, role(add, otherAdmin, devID, pai.RoleAdmin), "NoPermission")
	wantCode(t, role(add, admin, devID, "PAI.Boss"), "InvalidParameter.RoleName")
	wantCode(t, role(add, admin, ws+"-4040404040404040", pai.RoleGuest), "EntityNotExist.Workspace.Member")
	wantCode(t, role(remove, admin, devID, pai.RoleGuest), "EntityNotExist.Workspace.MemberRole")
	wantCode(t, role(remove, admin, devID, pai.RoleDeveloper), "DeleteConflict.Workspace.Member.LastRole")
	wantCode(t, role(add, admin, devID, pai.RoleAdmin), "")
	wantCode(t, role(add, admin, devID, pai.RoleAdmin), "") // holding it already is fine

	// As an administrator now, dev manages members from the very next call...
	wantCode(t, role(add, dev, ws+"-"+admin.ID, pai.RoleGuest), "")
	m, err := e.svc.GetMember(ctx, admin, pai.GetMemberInput{WorkspaceID: ws, UserID: dev.ID})
	wantCode(t, err, "")
	if !cmp.Equal(m.Roles, []string{pai.RoleAdmin, pai.RoleDeveloper}) {
		t.Errorf("roles = %v", m.Roles)
	}
	// ...and loses it with the role, also from the next call.
	wantCode(t, role(remove, admin, devID, pai.RoleAdmin), "")
	wantCode(t, role(add, dev, ws+"-"+admin.ID, pai.RoleLabeler), "NoPermission")

	wantCode(t, e.svc.DeleteMembers(ctx, dev, pai.DeleteMembersInput{WorkspaceID: ws, MemberIDs: []string{devID}}), "NoPermission")
	wantCode(t, e.svc.DeleteMembers(ctx, admin, pai.DeleteMembersInput{WorkspaceID: ws}), "MissingParameter")
	wantCode(t, e.svc.DeleteMembers(ctx, admin, pai.DeleteMembersInput{WorkspaceID: ws, MemberIDs: []string{devID, ws + "-1"}}),
		"EntityNotExist.Workspace.Member")
	// A member named twice (by its MemberId and by its UserId) is a bad list, not a missing member.
	wantCode(t, e.svc.DeleteMembers(ctx, admin, pai.DeleteMembersInput{WorkspaceID: ws, MemberIDs: []string{devID, dev.ID}}),
		"InvalidParameter.MemberIds")
	wantCode(t, e.svc.DeleteMembers(ctx, admin, pai.DeleteMembersInput{WorkspaceID: ws, MemberIDs: []string{devID}}), "")
	_, err = e.svc.ListMembers(ctx, dev, pai.ListMembersInput{WorkspaceID: ws})
	wantCode(t, err, "NoPermission")
}
