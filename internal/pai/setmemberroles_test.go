package pai_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

func TestSetMemberRoles(t *testing.T) { storetest.Backends(t, testSetMemberRoles) }

// testSetMemberRoles: a change of a member's roles is made whole or not at all, and audited
// as the AddMemberRole and RemoveMemberRole calls it stands for.
func testSetMemberRoles(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	ws := e.workspace("mlw")
	dev := e.user("dev")
	adder := e.user("adder", allow("paiworkspace:AddMemberRole"))
	e.member(ws, dev, pai.RoleDeveloper)
	devID := ws + "-" + dev.ID
	roles := func() []string {
		t.Helper()
		m, err := e.svc.GetMember(ctx, e.root, pai.GetMemberInput{WorkspaceID: ws, UserID: dev.ID})
		wantCode(t, err, "")
		return m.Roles
	}
	set := func(c *callerT, rid string, rs ...string) error {
		return e.svc.SetMemberRoles(ctx, c, pai.MemberRolesInput{RequestID: rid, WorkspaceID: ws, MemberID: devID, Roles: rs})
	}

	wantCode(t, set(e.root, "", pai.RoleDeveloper, pai.RoleGuest, "PAI.Boss"), "InvalidParameter.Roles")
	wantCode(t, set(e.root, ""), "MissingParameter")
	// adder may give roles but not take them: nothing is given either.
	wantCode(t, set(adder, "R-half", pai.RoleLabeler), "NoPermission")
	if got := roles(); !cmp.Equal(got, []string{pai.RoleDeveloper}) {
		t.Fatalf("after refused changes the roles are %v, want only %s", got, pai.RoleDeveloper)
	}
	wantCode(t, set(adder, "R-add", pai.RoleDeveloper, pai.RoleGuest), "")
	wantCode(t, set(e.root, "R-ok", pai.RoleLabeler, pai.RoleGuest), "")
	if got := roles(); !cmp.Equal(got, []string{pai.RoleLabeler, pai.RoleGuest}) {
		t.Fatalf("roles = %v", got)
	}

	var got []store.AuditRecord
	if err := e.Store.View(ctx, func(r store.Reader) (err error) {
		got, err = r.ListAudit(ctx, store.AuditQuery{Limit: 4})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	arn := "acs:paiworkspace:" + region + ":" + account + ":workspace/" + ws
	want := []store.AuditRecord{
		{RequestID: "R-ok", PrincipalARN: e.root.ARN, Action: "paiworkspace:RemoveMemberRole", Target: arn, Result: "Success",
			Detail: "member " + devID + " role " + pai.RoleDeveloper},
		{RequestID: "R-ok", PrincipalARN: e.root.ARN, Action: "paiworkspace:AddMemberRole", Target: arn, Result: "Success",
			Detail: "member " + devID + " role " + pai.RoleLabeler},
		{RequestID: "R-add", PrincipalARN: adder.ARN, Action: "paiworkspace:AddMemberRole", Target: arn, Result: "Success",
			Detail: "member " + devID + " role " + pai.RoleGuest},
		{RequestID: "R-half", PrincipalARN: adder.ARN, Action: "paiworkspace:RemoveMemberRole", Target: arn, Result: "NoPermission",
			Detail: "member " + devID + " role " + pai.RoleDeveloper},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(store.AuditRecord{}, "ID", "Time")); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
}
