package ram_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestCreateUser(t *testing.T) { forEachBackend(t, testCreateUser) }

func testCreateUser(t *testing.T, b backend) {
	limits := ram.DefaultLimits()
	limits.Users = 3
	e := newEnvWith(t, b, limits)
	ctx := t.Context()

	in := ram.CreateUserInput{RequestID: "req-create", UserName: "alice", DisplayName: "Alice Ng",
		Email: "alice@example.com", MobilePhone: "86-18600008888", Comments: "first user"}
	got, err := e.svc.CreateUser(ctx, e.root, in)
	if err != nil {
		t.Fatal(err)
	}
	want := ram.User{ID: got.ID, Name: "alice", DisplayName: "Alice Ng", Email: "alice@example.com",
		MobilePhone: "86-18600008888", Comments: "first user", CreateDate: e.clock(), UpdateDate: e.clock()}
	same(t, "CreateUser", got, want)
	if len(got.ID) != 16 {
		t.Errorf("UserId %q, want 16 digits", got.ID)
	}
	read, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "ALICE"})
	wantCode(t, "GetUser by another case", err, "")
	same(t, "GetUser", read, want)
	same(t, "audit record", e.audit(store.AuditQuery{Limit: 1}), []store.AuditRecord{{
		ID: e.audit(store.AuditQuery{Limit: 1})[0].ID, Time: e.clock(), RequestID: "req-create",
		PrincipalARN: e.root.ARN, Action: "ram:CreateUser", Target: "acs:ram:*:" + e.account + ":user/alice", Result: "Success"}})

	// Longest and most varied names that RAM accepts.
	for _, name := range []string{strings.Repeat("n", 64), "a.b_c-D9"} {
		if _, err := e.svc.CreateUser(ctx, e.root, ram.CreateUserInput{UserName: name, DisplayName: strings.Repeat("é", 128)}); err != nil {
			t.Errorf("CreateUser %q: %v", name, err)
		}
	}

	cases := []struct {
		name string
		in   ram.CreateUserInput
		code string
	}{
		{"no name", ram.CreateUserInput{}, "MissingParameter"},
		{"NUL in the name", ram.CreateUserInput{UserName: "al\x00ice"}, "InvalidParameter.UserName.InvalidChars"},
		{"newline in the name", ram.CreateUserInput{UserName: "bob\n"}, "InvalidParameter.UserName.InvalidChars"},
		{"space in the name", ram.CreateUserInput{UserName: "bob smith"}, "InvalidParameter.UserName.InvalidChars"},
		{"slash in the name", ram.CreateUserInput{UserName: "bob/x"}, "InvalidParameter.UserName.InvalidChars"},
		{"non-ASCII name", ram.CreateUserInput{UserName: "bøb"}, "InvalidParameter.UserName.InvalidChars"},
		{"65-character name", ram.CreateUserInput{UserName: strings.Repeat("b", 65)}, "InvalidParameter.UserName.Length"},
		{"tab in the display name", ram.CreateUserInput{UserName: "bob", DisplayName: "B\tob"}, "InvalidParameter.DisplayName.InvalidChars"},
		{"invalid UTF-8 display name", ram.CreateUserInput{UserName: "bob", DisplayName: "B\xffob"}, "InvalidParameter.DisplayName.InvalidChars"},
		{"129-character display name", ram.CreateUserInput{UserName: "bob", DisplayName: strings.Repeat("d", 129)}, "InvalidParameter.DisplayName.Length"},
		{"C1 control in the comments", ram.CreateUserInput{UserName: "bob", Comments: "x\u0085y"}, "InvalidParameter.Comments.InvalidChars"},
		{"129-character comments", ram.CreateUserInput{UserName: "bob", Comments: strings.Repeat("c", 129)}, "InvalidParameter.Comments.Length"},
		{"email without @", ram.CreateUserInput{UserName: "bob", Email: "bob.example.com"}, "InvalidParameter.Email.Format"},
		{"email with a display name", ram.CreateUserInput{UserName: "bob", Email: "Bob <bob@example.com>"}, "InvalidParameter.Email.Format"},
		{"mobile without country code", ram.CreateUserInput{UserName: "bob", MobilePhone: "18600008888"}, "InvalidParameter.MobilePhone.Format"},
		{"mobile with letters", ram.CreateUserInput{UserName: "bob", MobilePhone: "86-1860000x888"}, "InvalidParameter.MobilePhone.Format"},
		{"name taken, in another case", ram.CreateUserInput{UserName: "ALICE"}, "EntityAlreadyExists.User"},
		{"quota of 3 users", ram.CreateUserInput{UserName: "bob"}, "LimitExceeded.User"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() {
			_, err := e.svc.CreateUser(ctx, e.root, c.in)
			wantCode(t, c.name, err, c.code)
		})
	}
}

func TestUpdateUser(t *testing.T) { forEachBackend(t, testUpdateUser) }

func testUpdateUser(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	created, err := e.svc.CreateUser(ctx, e.root, ram.CreateUserInput{UserName: "alice", DisplayName: "Alice", Email: "a@example.com", Comments: "c"})
	if err != nil {
		t.Fatal(err)
	}
	e.createUsers("bob")
	e.advance(time.Hour)

	got, err := e.svc.UpdateUser(ctx, e.root, ram.UpdateUserInput{UserName: "alice", NewUserName: "alicia", NewDisplayName: "Alicia"})
	if err != nil {
		t.Fatal(err)
	}
	want := created
	want.Name, want.DisplayName, want.UpdateDate = "alicia", "Alicia", e.clock()
	same(t, "UpdateUser (omitted fields kept)", got, want)
	_, err = e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"})
	wantCode(t, "GetUser by the old name", err, "EntityNotExist.User")
	if _, err := e.svc.UpdateUser(ctx, e.root, ram.UpdateUserInput{UserName: "alicia", NewUserName: "Alicia"}); err != nil {
		t.Errorf("a rename that only changes case: %v", err)
	}

	cases := []struct {
		name string
		in   ram.UpdateUserInput
		code string
	}{
		{"no name", ram.UpdateUserInput{NewComments: "x"}, "MissingParameter"},
		{"unknown user", ram.UpdateUserInput{UserName: "carol", NewComments: "x"}, "EntityNotExist.User"},
		{"new name taken", ram.UpdateUserInput{UserName: "Alicia", NewUserName: "BOB"}, "EntityAlreadyExists.User"},
		{"control character in the new name", ram.UpdateUserInput{UserName: "bob", NewUserName: "b\x7fob"}, "InvalidParameter.NewUserName.InvalidChars"},
		{"new name too long", ram.UpdateUserInput{UserName: "bob", NewUserName: strings.Repeat("b", 65)}, "InvalidParameter.NewUserName.Length"},
		{"new display name too long", ram.UpdateUserInput{UserName: "bob", NewDisplayName: strings.Repeat("d", 129)}, "InvalidParameter.NewDisplayName.Length"},
		{"new email", ram.UpdateUserInput{UserName: "bob", NewEmail: "@example.com"}, "InvalidParameter.NewEmail.Format"},
		{"new mobile", ram.UpdateUserInput{UserName: "bob", NewMobilePhone: "+86 186"}, "InvalidParameter.NewMobilePhone.Format"},
		{"new comments with a control character", ram.UpdateUserInput{UserName: "bob", NewComments: "\x1b[31m"}, "InvalidParameter.NewComments.InvalidChars"},
	}
	for _, c := range cases {
		e.unchanged(c.name, func() {
			_, err := e.svc.UpdateUser(ctx, e.root, c.in)
			wantCode(t, c.name, err, c.code)
		})
	}
}

func TestDeleteUser(t *testing.T) { forEachBackend(t, testDeleteUser) }

func testDeleteUser(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("free", "grouped", "keyed", "profiled", "mfa", "granted")
	e.Given(func(ctx context.Context, tx store.Tx) error {
		id := func(name string) string {
			u, err := tx.GetUserByName(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		now := e.clock()
		if err := tx.CreateGroup(ctx, store.Group{ID: "g1", Name: "devs", CreateDate: now, UpdateDate: now}); err != nil {
			return err
		}
		if err := tx.AddUserToGroup(ctx, store.Membership{GroupID: "g1", UserID: id("grouped"), JoinDate: now}); err != nil {
			return err
		}
		if err := tx.CreateAccessKey(ctx, store.AccessKey{ID: "LTAIkey", UserID: id("keyed"), SecretCiphertext: []byte("x"), Status: store.AccessKeyActive, CreateDate: now}); err != nil {
			return err
		}
		if err := tx.CreateLoginProfile(ctx, store.LoginProfile{UserID: id("profiled"), PasswordHash: "h", CreateDate: now, UpdateDate: now}); err != nil {
			return err
		}
		if err := tx.CreateMFADevice(ctx, store.VirtualMFADevice{SerialNumber: "acs:ram::" + e.account + ":mfa/d", SeedCiphertext: []byte("s"), UserID: id("mfa"), CreateDate: now, ActivateDate: now}); err != nil {
			return err
		}
		return tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeSystem, PolicyName: "AliyunOSSFullAccess",
			PrincipalType: store.PrincipalUser, PrincipalID: id("granted"), AttachDate: now})
	})

	cases := []struct{ user, code string }{
		{"grouped", "DeleteConflict.User.Group"},
		{"keyed", "DeleteConflict.User.AccessKey"},
		{"profiled", "DeleteConflict.User.LoginProfile"},
		{"mfa", "DeleteConflict.User.MFADevice"},
		{"granted", "DeleteConflict.User.Policy"},
		{"nobody", "EntityNotExist.User"},
		{"", "MissingParameter"},
		{"bad name!", "InvalidParameter.UserName.InvalidChars"},
	}
	for _, c := range cases {
		e.unchanged("DeleteUser "+c.user, func() {
			wantCode(t, "DeleteUser "+c.user, e.svc.DeleteUser(ctx, e.root, ram.UserInput{UserName: c.user}), c.code)
		})
	}
	if err := e.svc.DeleteUser(ctx, e.root, ram.UserInput{RequestID: "req-del", UserName: "FREE"}); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	_, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "free"})
	wantCode(t, "GetUser after DeleteUser", err, "EntityNotExist.User")
	rec := e.audit(store.AuditQuery{Action: "ram:DeleteUser"})
	if len(rec) != 1 || rec[0].Target != "acs:ram:*:"+e.account+":user/free" || rec[0].RequestID != "req-del" {
		t.Errorf("audit of DeleteUser = %+v, want one record naming user/free", rec)
	}
}

func TestListUsers(t *testing.T) { forEachBackend(t, testListUsers) }

func testListUsers(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("eve", "Bob", "dave", "alice", "carol")
	var names []string
	marker := ""
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatal("more pages than users")
		}
		p, err := e.svc.ListUsers(ctx, e.root, ram.PageInput{Marker: marker, MaxItems: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range p.Items {
			names = append(names, u.Name)
		}
		if !p.Truncated() {
			break
		}
		marker = p.Marker
	}
	same(t, "users over pages of 2", names, []string{"alice", "Bob", "carol", "dave", "eve"})

	all, err := e.svc.ListUsers(ctx, e.root, ram.PageInput{})
	if err != nil || len(all.Items) != 5 || all.Truncated() {
		t.Errorf("ListUsers with the default MaxItems: %d users, truncated %v, %v", len(all.Items), all.Truncated(), err)
	}
	for _, n := range []int{-1, 1001} {
		_, err := e.svc.ListUsers(ctx, e.root, ram.PageInput{MaxItems: n})
		wantCode(t, fmt.Sprint("MaxItems ", n), err, "InvalidParameter.MaxItems.Range")
	}
}

// A Marker is a name an earlier page returned: one with a NUL, another control character or
// invalid UTF-8 is refused as InvalidParameter.Marker on every marker-paginated list, rather
// than reach the store (PostgreSQL failed the query on a NUL: InternalError).
func TestListMarkerNotPrintable(t *testing.T) { forEachBackend(t, testListMarkerNotPrintable) }

func testListMarkerNotPrintable(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.createUsers("alice")
	if _, err := e.svc.CreateGroup(ctx, e.root, ram.CreateGroupInput{GroupName: "devs"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"a\x00b", "a\x01b", "a\xffb"} {
		_, err := e.svc.ListUsers(ctx, e.root, ram.PageInput{Marker: m})
		wantCode(t, fmt.Sprintf("ListUsers, Marker %q", m), err, "InvalidParameter.Marker")
		_, err = e.svc.ListGroups(ctx, e.root, ram.PageInput{Marker: m})
		wantCode(t, fmt.Sprintf("ListGroups, Marker %q", m), err, "InvalidParameter.Marker")
		_, err = e.svc.ListRoles(ctx, e.root, ram.PageInput{Marker: m})
		wantCode(t, fmt.Sprintf("ListRoles, Marker %q", m), err, "InvalidParameter.Marker")
		_, err = e.svc.ListUsersForGroup(ctx, e.root, ram.ListUsersForGroupInput{GroupName: "devs", Marker: m})
		wantCode(t, fmt.Sprintf("ListUsersForGroup, Marker %q", m), err, "InvalidParameter.Marker")
		_, err = e.svc.ListPolicies(ctx, e.root, ram.ListPoliciesInput{Marker: "custom/" + m})
		wantCode(t, fmt.Sprintf("ListPolicies, Marker %q", "custom/"+m), err, "InvalidParameter.Marker")
	}
}
