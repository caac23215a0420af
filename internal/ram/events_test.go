package ram_test

import (
	"fmt"
	"testing"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
)

func TestLookupEvents(t *testing.T) {
	e := newEnv(t, sqliteBackend())
	ctx := t.Context()
	e.createUsers("alice", "bob", "carol")
	alice := e.user("alice")
	_, err := e.svc.CreateUser(ctx, alice, ram.CreateUserInput{UserName: "dave"})
	wantCode(t, "alice creates a user", err, "NoPermission")

	page, err := e.svc.LookupEvents(ctx, e.root, ram.EventsInput{Action: "ram:CreateUser", MaxItems: 2})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range page.Events {
		got = append(got, ev.Result+" "+ev.Target)
	}
	same(t, "first page", got, []string{"NoPermission acs:ram:*:" + e.account + ":user/*",
		"Success acs:ram:*:" + e.account + ":user/carol"})
	next, err := e.svc.LookupEvents(ctx, e.root, ram.EventsInput{Action: "ram:CreateUser", MaxItems: 2, BeforeID: page.NextBeforeID})
	if err != nil || len(next.Events) != 2 || next.NextBeforeID != 0 {
		t.Errorf("second page = %d events, next %d, %v; want the last 2", len(next.Events), next.NextBeforeID, err)
	}
	denied, err := e.svc.LookupEvents(ctx, e.root, ram.EventsInput{Result: "NoPermission"})
	if err != nil || len(denied.Events) != 1 || denied.Events[0].PrincipalARN != alice.ARN {
		t.Errorf("denials = %+v, %v", denied.Events, err)
	}

	_, err = e.svc.LookupEvents(ctx, alice, ram.EventsInput{})
	wantCode(t, "alice reads the trail", err, "NoPermission")
	e.customPolicy("trail", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"actiontrail:LookupEvents","Resource":"*"}]}`)
	e.attach(store.PrincipalUser, "alice", store.PolicyTypeCustom, "trail")
	if _, err := e.svc.LookupEvents(ctx, e.user("alice"), ram.EventsInput{}); err != nil {
		t.Errorf("alice with actiontrail:LookupEvents: %v", err)
	}
	_, err = e.svc.LookupEvents(ctx, e.root, ram.EventsInput{MaxItems: 101})
	wantCode(t, "MaxItems 101", err, "InvalidParameter.MaxItems")
}

// A filter with a NUL, another control character or invalid UTF-8 is refused rather than
// sent to the store (PostgreSQL failed the query: the console's audit page answered 500).
func TestLookupEventsFilterNotPrintable(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		for _, v := range []string{"a\x00b", "a\x01b", "a\xffb"} {
			for _, tt := range []struct {
				param string
				in    ram.EventsInput
			}{
				{"PrincipalARN", ram.EventsInput{PrincipalARN: v}},
				{"Action", ram.EventsInput{Action: v}},
				{"Result", ram.EventsInput{Result: v}},
			} {
				_, err := e.svc.LookupEvents(t.Context(), e.root, tt.in)
				wantCode(t, fmt.Sprintf("%s %q", tt.param, v), err, "InvalidParameter."+tt.param+".InvalidChars")
			}
		}
	})
}
