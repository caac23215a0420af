package pai_test

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

func TestChangeResourceGroup(t *testing.T) { storetest.Backends(t, testChangeResourceGroup) }

func testChangeResourceGroup(t *testing.T, open storetest.Opener) {
	e := newEnv(t, open)
	ctx := t.Context()
	e.Given(func(ctx context.Context, tx store.Tx) error {
		for _, id := range []string{"rg-1", "rg-2"} {
			if err := tx.CreateResourceGroup(ctx, store.ResourceGroup{ID: id, Name: "g" + id, Status: "OK", CreateDate: e.now}); err != nil {
				return err
			}
		}
		return nil
	})
	ws, err := e.svc.CreateWorkspace(ctx, e.root, pai.CreateWorkspaceInput{WorkspaceName: "moving", ResourceGroupID: "rg-1"})
	if err != nil {
		t.Fatal(err)
	}
	mover := e.user("mover", allow("paiworkspace:ChangeResourceGroup"))
	owner := e.user("owner")
	e.member(ws.ID, owner, pai.RoleOwner)
	reader := e.user("reader")
	e.Given(func(ctx context.Context, tx store.Tx) error { // reader may read workspaces of rg-2 only
		if err := tx.CreatePolicy(ctx, store.Policy{Name: "read-rg-2", DefaultVersion: "v1", CreateDate: e.now, UpdateDate: e.now}); err != nil {
			return err
		}
		if _, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: "read-rg-2", Document: allow("paiworkspace:GetWorkspace"), CreateDate: e.now}); err != nil {
			return err
		}
		return tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeCustom, PolicyName: "read-rg-2",
			PrincipalType: store.PrincipalUser, PrincipalID: reader.ID, ResourceGroupID: "rg-2", AttachDate: e.now})
	})
	reader = e.caller(reader.ARN)
	in := func(rg string) pai.ChangeResourceGroupInput {
		return pai.ChangeResourceGroupInput{ResourceID: ws.ID, NewResourceGroupID: rg, ResourceType: "workspace"}
	}
	groupOf := func() string {
		t.Helper()
		w, err := e.svc.GetWorkspace(ctx, e.root, pai.WorkspaceInput{WorkspaceID: ws.ID})
		if err != nil {
			t.Fatal(err)
		}
		return w.ResourceGroupID
	}
	members := func(rg string) []store.ResourceGroupMember {
		t.Helper()
		var ms []store.ResourceGroupMember
		if err := e.Store.View(ctx, func(r store.Reader) (err error) {
			ms, _, err = r.ListResources(ctx, rg, store.Page{})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return ms
	}

	tests := []struct {
		name string
		in   pai.ChangeResourceGroupInput
		code string
	}{
		{"no resource", pai.ChangeResourceGroupInput{NewResourceGroupID: "rg-2", ResourceType: "workspace"}, "MissingParameter"},
		{"no group", pai.ChangeResourceGroupInput{ResourceID: ws.ID, ResourceType: "workspace"}, "MissingParameter"},
		{"no type", pai.ChangeResourceGroupInput{ResourceID: ws.ID, NewResourceGroupID: "rg-2"}, "MissingParameter"},
		{"another type", pai.ChangeResourceGroupInput{ResourceID: ws.ID, NewResourceGroupID: "rg-2", ResourceType: "dataset"}, "InvalidParameter.ResourceType"},
		{"bad group ID", in("rg/2"), "InvalidParameter.NewResourceGroupId"},
		{"missing group", in("rg-404"), "EntityNotExists.ResourceGroup"},
		{"missing workspace", pai.ChangeResourceGroupInput{ResourceID: "404", NewResourceGroupID: "rg-2", ResourceType: "workspace"}, "EntityNotExist.Workspace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, e.svc.ChangeResourceGroup(ctx, mover, tt.in), tt.code)
		})
	}
	// The workspace's owner may not move it: no workspace role grants the action.
	wantCode(t, e.svc.ChangeResourceGroup(ctx, owner, in("rg-2")), "NoPermission")
	if got := groupOf(); got != "rg-1" {
		t.Fatalf("after refused moves the workspace is in %q, want rg-1", got)
	}
	_, err = e.svc.GetWorkspace(ctx, reader, pai.WorkspaceInput{WorkspaceID: ws.ID})
	wantCode(t, err, "NoPermission")

	wantCode(t, e.svc.ChangeResourceGroup(ctx, mover, in("rg-2")), "")
	if got := groupOf(); got != "rg-2" {
		t.Errorf("after the move the workspace is in %q, want rg-2", got)
	}
	if _, err := e.svc.GetWorkspace(ctx, reader, pai.WorkspaceInput{WorkspaceID: ws.ID}); err != nil {
		t.Errorf("GetWorkspace with a policy attached in the new group: %v", err)
	}
	if old, now := members("rg-1"), members("rg-2"); len(old) != 0 || len(now) != 1 || now[0].ResourceARN != "acs:paiworkspace:"+region+":"+account+":workspace/"+ws.ID {
		t.Errorf("members of rg-1 %v and of rg-2 %v, want the workspace in rg-2 alone", old, now)
	}
	wantCode(t, e.svc.ChangeResourceGroup(ctx, mover, in("rg-2")), "") // already there
	if got := groupOf(); got != "rg-2" {
		t.Errorf("after a move to its own group the workspace is in %q", got)
	}
}
