package ram_test

import (
	"fmt"
	"testing"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

// BenchmarkGetUser measures the domain's share of a signed GetUser on SQLite: the lookup (from the
// read cache between writes) and the decision, for a caller allowed through a group's policy.
func BenchmarkGetUser(b *testing.B) {
	e := newEnv(b, sqliteBackend())
	e.createUsers("alice", "bob")
	if _, err := e.svc.CreateGroup(b.Context(), e.root, ram.CreateGroupInput{GroupName: "readers"}); err != nil {
		b.Fatal(err)
	}
	if err := e.svc.AddUserToGroup(b.Context(), e.root, ram.MembershipInput{GroupName: "readers", UserName: "bob"}); err != nil {
		b.Fatal(err)
	}
	e.attach(store.PrincipalGroup, "readers", "System", "AliyunRAMReadOnlyAccess")
	bob := e.user("bob")
	in := ram.UserInput{RequestID: "r", UserName: "alice"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.svc.GetUser(b.Context(), bob, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAccessKeyForAuth measures looking up and decrypting an AccessKey, which every signed
// request does before anything else.
func BenchmarkAccessKeyForAuth(b *testing.B) {
	e := newEnv(b, sqliteBackend())
	e.createUsers("alice")
	k, err := e.svc.CreateAccessKey(b.Context(), e.root, ram.UserInput{UserName: "alice"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.svc.AccessKeyForAuth(b.Context(), k.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListUsers measures the domain's share of ListUsers with MaxItems=20 of 20 users, as
// the root; between writes the page comes from the read cache.
func BenchmarkListUsers(b *testing.B) {
	e := newEnv(b, sqliteBackend())
	for i := range 20 {
		e.createUsers(fmt.Sprintf("user%02d", i))
	}
	in := ram.PageInput{RequestID: "r", MaxItems: 20}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.svc.ListUsers(b.Context(), e.root, in); err != nil {
			b.Fatal(err)
		}
	}
}
