package ram_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

// TestUserReadCache: GetUser and ListUsers answer from memory while nothing changes (a row
// changed behind the service's back is not seen until the snapshot moves), and every write the
// service acknowledges is seen by the very next read: through Update (a rename, a new user, a
// deleted one) or outside it (a sign-in's LastLoginDate).
func TestUserReadCache(t *testing.T) { forEachBackend(t, testUserReadCache) }

func testUserReadCache(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := t.Context()
	e.withConsoleUser(false) // alice
	e.createUsers("bob")
	displayName := func(name string) string {
		t.Helper()
		u, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: name})
		if err != nil {
			t.Fatalf("GetUser %s: %v", name, err)
		}
		return u.DisplayName
	}
	names := func() string {
		t.Helper()
		p, err := e.svc.ListUsers(ctx, e.root, ram.PageInput{MaxItems: 1})
		if err != nil {
			t.Fatalf("ListUsers: %v", err)
		}
		s := fmt.Sprint(p.Marker)
		for _, u := range p.Items {
			s += " " + u.Name + "/" + u.DisplayName
		}
		return s
	}
	same(t, "alice", displayName("alice"), "")
	same(t, "first page", names(), "alice alice/")

	// Behind the service's back, as another node would write before this one catches up.
	rev, err := e.Store.Update(ctx, func(tx store.Tx) error {
		u, err := tx.GetUserByName(ctx, "alice")
		if err != nil {
			return err
		}
		u.DisplayName = "Alice A."
		return tx.UpdateUser(ctx, u)
	})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "alice before the snapshot moved (cached)", displayName("alice"), "")
	same(t, "first page before the snapshot moved (cached)", names(), "alice alice/")
	if err := e.Snaps.Sync(ctx, rev); err != nil {
		t.Fatal(err)
	}
	same(t, "alice after the snapshot moved", displayName("alice"), "Alice A.")
	same(t, "first page after the snapshot moved", names(), "alice alice/Alice A.")

	// Through the service: seen at once.
	if _, err := e.svc.UpdateUser(ctx, e.root, ram.UpdateUserInput{UserName: "alice", NewDisplayName: "Alice B."}); err != nil {
		t.Fatal(err)
	}
	same(t, "alice after UpdateUser", displayName("alice"), "Alice B.")
	same(t, "first page after UpdateUser", names(), "alice alice/Alice B.")

	_, err = e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "carol"})
	wantCode(t, "GetUser of a user not created yet", err, "EntityNotExist.User")
	e.createUsers("aaron")
	same(t, "aaron, created after a miss", displayName("aaron"), "")
	same(t, "first page after CreateUser", names(), "aaron aaron/")
	if err := e.svc.DeleteUser(ctx, e.root, ram.UserInput{UserName: "bob"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "bob"})
	wantCode(t, "GetUser after DeleteUser", err, "EntityNotExist.User")

	// A sign-in moves no revision but changes LastLoginDate.
	before, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil || !before.LastLoginDate.IsZero() {
		t.Fatalf("alice before signing in: %+v, %v", before, err)
	}
	if _, err := e.logon("alice@"+e.account, alicePassword, ""); err != nil {
		t.Fatal(err)
	}
	after, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"})
	if err != nil || !after.LastLoginDate.Equal(e.clock()) {
		t.Errorf("alice's LastLoginDate after signing in = %v, %v; want %v", after.LastLoginDate, err, e.clock())
	}
	page, err := e.svc.ListUsers(ctx, e.root, ram.PageInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range page.Items {
		if u.Name == "alice" && !u.LastLoginDate.Equal(e.clock()) {
			t.Errorf("alice's LastLoginDate in ListUsers after signing in = %v, want %v", u.LastLoginDate, e.clock())
		}
	}

	// A sign-in on another node sharing the store moves no revision and is counted by no side
	// write here: it is seen once the cached value has aged out, not never.
	e.advance(time.Minute)
	if _, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil {
		t.Fatal(err)
	}
	signedIn := e.clock()
	if err := e.Store.RecordLoginSuccess(ctx, after.ID, signedIn); err != nil {
		t.Fatal(err)
	}
	e.advance(ram.MaxCacheAge)
	if u, err := e.svc.GetUser(ctx, e.root, ram.UserInput{UserName: "alice"}); err != nil || !u.LastLoginDate.Equal(signedIn) {
		t.Errorf("alice's LastLoginDate %v after another node's sign-in = %v, %v", ram.MaxCacheAge, u.LastLoginDate, err)
	}
	page, err = e.svc.ListUsers(ctx, e.root, ram.PageInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range page.Items {
		if u.Name == "alice" && !u.LastLoginDate.Equal(signedIn) {
			t.Errorf("alice's LastLoginDate in ListUsers %v after another node's sign-in = %v, want %v", ram.MaxCacheAge, u.LastLoginDate, signedIn)
		}
	}
}

// TestUserReadCacheAuthorizes: an answer from the cache is authorized like any other, against
// the current snapshot: a user who loses the permission is denied at once, and the denial is
// audited.
func TestUserReadCacheAuthorizes(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.createUsers("alice", "bob")
	e.attach(store.PrincipalUser, "alice", store.PolicyTypeSystem, "AliyunRAMReadOnlyAccess")
	for range 2 { // the second from the cache
		if _, err := e.svc.GetUser(ctx, e.user("alice"), ram.UserInput{UserName: "bob"}); err != nil {
			t.Fatalf("GetUser with read-only access: %v", err)
		}
		if _, err := e.svc.ListUsers(ctx, e.user("alice"), ram.PageInput{}); err != nil {
			t.Fatalf("ListUsers with read-only access: %v", err)
		}
	}
	e.Given(func(ctx context.Context, tx store.Tx) error {
		u, err := tx.GetUserByName(ctx, "alice")
		if err != nil {
			return err
		}
		return tx.Detach(ctx, store.Attachment{PrincipalType: store.PrincipalUser, PrincipalID: u.ID,
			PolicyType: store.PolicyTypeSystem, PolicyName: "AliyunRAMReadOnlyAccess"})
	})
	_, err := e.svc.GetUser(ctx, e.user("alice"), ram.UserInput{UserName: "bob"})
	wantCode(t, "GetUser after the policy was detached", err, "NoPermission")
	_, err = e.svc.ListUsers(ctx, e.user("alice"), ram.PageInput{})
	wantCode(t, "ListUsers after the policy was detached", err, "NoPermission")
	events, err := e.svc.LookupEvents(ctx, e.root, ram.EventsInput{Result: "NoPermission"})
	if err != nil || len(events.Events) != 2 {
		t.Errorf("denials in the trail = %d, %v; want 2", len(events.Events), err)
	}
}
