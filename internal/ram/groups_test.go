package ram_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestGroups(t *testing.T) { forEachBackend(t, testGroups) }

func testGroups(t *testing.T, b backend) {
	limits := ram.DefaultLimits()
	limits.Groups = 3
	e := newEnvWith(t, b, limits)
	ctx := t.Context()

	g, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{RequestID: "r1", GroupName: "Dev-Team", Comments: "developers"})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "CreateGroup", g, ram.Group{ID: g.ID, Name: "Dev-Team", Comments: "developers", CreateDate: e.clock(), UpdateDate: e.clock()})
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "ops.on_call"}); err != nil {
		t.Errorf("a group name with . and _ (RAM's current rule): %v", err)
	}

	creates := []struct {
		name string
		in   ram.CreateGroupInput
		code string
	}{
		{"no name", ram.CreateGroupInput{}, "MissingParameter"},
		{"control character", ram.CreateGroupInput{GroupName: "dev\x00"}, "InvalidParameter.GroupName.InvalidChars"},
		{"space", ram.CreateGroupInput{GroupName: "dev team"}, "InvalidParameter.GroupName.InvalidChars"},
		{"65 characters", ram.CreateGroupInput{GroupName: strings.Repeat("g", 65)}, "InvalidParameter.GroupName.Length"},
		{"129-character comments", ram.CreateGroupInput{GroupName: "qa", Comments: strings.Repeat("c", 129)}, "InvalidParameter.Comments.Length"},
		{"comments with a control character", ram.CreateGroupInput{GroupName: "qa", Comments: "a\nb"}, "InvalidParameter.Comments.InvalidChars"},
		{"name taken, in another case", ram.CreateGroupInput{GroupName: "dev-team"}, "EntityAlreadyExists.Group"},
	}
	for _, c := range creates {
		e.unchanged(c.name, func() {
			_, err := e.svc.CreateGroup(ctx, e.root, c.in)
			wantCode(t, c.name, err, c.code)
		})
	}
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "third"}); err != nil {
		t.Fatal(err)
	}
	e.unchanged("group quota", func() {
		_, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "fourth"})
		wantCode(t, "a fourth group with a quota of 3", err, "LimitExceeded.Group")
	})

	e.advance(time.Minute)
	up, err := e.svc.UpdateGroup(ctx, e.root, ram.UpdateGroupInput{GroupName: "dev-team", NewGroupName: "Developers"})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "UpdateGroup keeps omitted comments", up, ram.Group{ID: g.ID, Name: "Developers", Comments: "developers", CreateDate: g.CreateDate, UpdateDate: e.clock()})
	got, err := e.svc.GetGroup(ctx, e.root, ram.GroupInput{GroupName: "developers"})
	wantCode(t, "GetGroup", err, "")
	same(t, "GetGroup", got, up)
	updates := []struct {
		name string
		in   ram.UpdateGroupInput
		code string
	}{
		{"unknown group", ram.UpdateGroupInput{GroupName: "nope", NewComments: "x"}, "EntityNotExist.Group"},
		{"new name taken", ram.UpdateGroupInput{GroupName: "developers", NewGroupName: "THIRD"}, "EntityAlreadyExists.Group"},
		{"new name with a slash", ram.UpdateGroupInput{GroupName: "developers", NewGroupName: "a/b"}, "InvalidParameter.NewGroupName.InvalidChars"},
		{"new comments too long", ram.UpdateGroupInput{GroupName: "developers", NewComments: strings.Repeat("c", 129)}, "InvalidParameter.NewComments.Length"},
	}
	for _, c := range updates {
		e.unchanged(c.name, func() {
			_, err := e.svc.UpdateGroup(ctx, e.root, c.in)
			wantCode(t, c.name, err, c.code)
		})
	}

	list, err := e.svc.ListGroups(ctx, e.root, ram.PageInput{MaxItems: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 2 || list.Items[0].Name != "Developers" || !list.Truncated() {
		t.Errorf("ListGroups first page = %+v", list)
	}
	rest, err := e.svc.ListGroups(ctx, e.root, ram.PageInput{Marker: list.Marker})
	if err != nil || len(rest.Items) != 1 || rest.Items[0].Name != "third" || rest.Truncated() {
		t.Errorf("ListGroups second page = %+v, %v", rest, err)
	}
}

func TestMemberships(t *testing.T) { forEachBackend(t, testMemberships) }

func testMemberships(t *testing.T, b backend) {
	limits := ram.DefaultLimits()
	limits.GroupsPerUser = 2
	e := newEnvWith(t, b, limits)
	ctx := t.Context()
	e.createUsers("alice", "bob")
	for _, g := range []string{"devs", "ops", "qa"} {
		if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: g}); err != nil {
			t.Fatal(err)
		}
	}
	add := func(user, group string) error {
		return e.svc.AddUserToGroup(ctx, e.root, ram.MembershipInput{GroupName: group, UserName: user})
	}
	for _, m := range [][2]string{{"alice", "devs"}, {"bob", "devs"}, {"alice", "OPS"}} {
		if err := add(m[0], m[1]); err != nil {
			t.Fatalf("AddUserToGroup %v: %v", m, err)
		}
	}
	groups, err := e.svc.ListGroupsForUser(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 || groups[0].Group.Name != "devs" || groups[1].Group.Name != "ops" || !groups[0].JoinDate.Equal(e.clock()) {
		t.Errorf("ListGroupsForUser(alice) = %+v", groups)
	}
	members, err := e.svc.ListUsersForGroup(ctx, e.root, ram.ListUsersForGroupInput{GroupName: "devs", MaxItems: 1})
	if err != nil || len(members.Items) != 1 || members.Items[0].User.Name != "alice" || !members.Truncated() {
		t.Errorf("ListUsersForGroup(devs) first page = %+v, %v", members, err)
	}

	cases := []struct {
		name string
		run  func() error
		code string
	}{
		{"add twice", func() error { return add("alice", "devs") }, "EntityAlreadyExists.User.Group"},
		{"third group over a quota of 2", func() error { return add("alice", "qa") }, "LimitExceeded.User.Group"},
		{"unknown user", func() error { return add("carol", "qa") }, "EntityNotExist.User"},
		{"unknown group", func() error { return add("bob", "nope") }, "EntityNotExist.Group"},
		{"bad group name", func() error { return add("bob", "no pe") }, "InvalidParameter.GroupName.InvalidChars"},
		{"remove a non-member", func() error {
			return e.svc.RemoveUserFromGroup(ctx, e.root, ram.MembershipInput{GroupName: "qa", UserName: "bob"})
		}, "EntityNotExist.User.Group"},
		{"delete a group with members", func() error {
			return e.svc.DeleteGroup(ctx, e.root, ram.GroupInput{GroupName: "devs"})
		}, "DeleteConflict.Group.User"},
		{"delete a user in a group", func() error {
			return e.svc.DeleteUser(ctx, e.root, ram.UserInput{UserName: "bob"})
		}, "DeleteConflict.User.Group"},
		{"list groups of an unknown user", func() error {
			_, err := e.svc.ListGroupsForUser(ctx, e.root, ram.UserInput{UserName: "carol"})
			return err
		}, "EntityNotExist.User"},
		{"list users of an unknown group", func() error {
			_, err := e.svc.ListUsersForGroup(ctx, e.root, ram.ListUsersForGroupInput{GroupName: "nope"})
			return err
		}, "EntityNotExist.Group"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() { wantCode(t, c.name, c.run(), c.code) })
	}

	e.attach(store.PrincipalGroup, "qa", store.PolicyTypeSystem, "AliyunOSSReadOnlyAccess")
	e.unchanged("delete a group with a policy", func() {
		wantCode(t, "DeleteGroup qa", e.svc.DeleteGroup(ctx, e.root, ram.GroupInput{GroupName: "qa"}), "DeleteConflict.Group.Policy")
	})

	for _, g := range []string{"devs", "ops"} {
		if err := e.svc.RemoveUserFromGroup(ctx, e.root, ram.MembershipInput{GroupName: g, UserName: "alice"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.svc.RemoveUserFromGroup(ctx, e.root, ram.MembershipInput{GroupName: "devs", UserName: "bob"}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteGroup(ctx, e.root, ram.GroupInput{GroupName: "DEVS"}); err != nil {
		t.Errorf("DeleteGroup of an empty group: %v", err)
	}
	if err := e.svc.DeleteUser(ctx, e.root, ram.UserInput{UserName: "bob"}); err != nil {
		t.Errorf("DeleteUser after leaving every group: %v", err)
	}
}
