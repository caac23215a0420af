package pai_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

func TestAudit(t *testing.T) { storetest.Backends(t, testAudit) }

func testAudit(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	ws := e.workspace("mlw")
	dev := e.user("dev")
	e.member(ws, dev, pai.RoleDeveloper)
	_, err := e.svc.CreateMember(ctx, dev, pai.CreateMemberInput{RequestID: "R-denied", WorkspaceID: ws,
		Members: []pai.NewMember{{UserID: dev.ID, Roles: []string{pai.RoleAdmin}}}})
	wantCode(t, err, "NoPermission")
	err = e.svc.AddMemberRole(ctx, e.root, pai.MemberRoleInput{RequestID: "R-ok", WorkspaceID: ws, MemberID: ws + "-" + dev.ID, RoleName: pai.RoleGuest})
	wantCode(t, err, "")
	// A read is not audited, nor is bad input.
	_, err = e.svc.GetWorkspace(ctx, dev, pai.WorkspaceInput{RequestID: "R-read", WorkspaceID: ws})
	wantCode(t, err, "")
	_, err = e.svc.CreateWorkspace(ctx, e.root, pai.CreateWorkspaceInput{RequestID: "R-bad"})
	wantCode(t, err, "MissingParameter")

	var got []store.AuditRecord
	if err := e.Store.View(ctx, func(r store.Reader) (err error) {
		got, err = r.ListAudit(ctx, store.AuditQuery{Limit: 2})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	arn := "acs:paiworkspace:" + region + ":" + account + ":workspace/" + ws
	want := []store.AuditRecord{
		{RequestID: "R-ok", PrincipalARN: e.root.ARN, Action: "paiworkspace:AddMemberRole", Target: arn, Result: "Success",
			Detail: "member " + ws + "-" + dev.ID + " role " + pai.RoleGuest},
		{RequestID: "R-denied", PrincipalARN: dev.ARN, Action: "paiworkspace:CreateMember", Target: arn, Result: "NoPermission"},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(store.AuditRecord{}, "ID", "Time")); diff != "" {
		t.Errorf("audit (-want +got):\n%s", diff)
	}
}
