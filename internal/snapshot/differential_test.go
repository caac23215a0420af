package snapshot_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/snapshot"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// TestFollowedEqualsRebuilt: after random writes, a snapshot kept current by patching answers
// every question exactly as one built afresh from the store, and patching needed no rebuild.
func TestFollowedEqualsRebuilt(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	rp, err := authz.CompileRolePermissions(cat)
	if err != nil {
		t.Fatal(err)
	}
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			ctx := t.Context()
			st := openStore(t)
			if _, err := st.Update(ctx, func(tx store.Tx) error {
				return tx.CreateResourceGroup(ctx, store.ResourceGroup{ID: "rg1", Name: "prod", Status: "OK", CreateDate: stamp})
			}); err != nil {
				t.Fatal(err)
			}
			h := newHolder(t, st, snapshot.WithRolePermissions(rp))
			w := writer{rng: rand.New(rand.NewPCG(seed, 7))}
			applied := 0
			for step := range 200 {
				rev, err := st.Update(ctx, func(tx store.Tx) error { return w.random(ctx, tx) })
				if err != nil {
					continue // a write the store refused changed nothing
				}
				applied++
				if err := h.Sync(ctx, rev); err != nil {
					t.Fatal(err)
				}
				if step%20 == 19 {
					sameAnswers(t, h.Current(), newHolder(t, st, snapshot.WithRolePermissions(rp)).Current())
				}
			}
			sameAnswers(t, h.Current(), newHolder(t, st, snapshot.WithRolePermissions(rp)).Current())
			if s := h.Stats(); s.Rebuilds != 1 || s.Patches != int64(applied) {
				t.Errorf("Stats = %+v after %d writes, want every write patched", s, applied)
			}
		})
	}
}

var stamp = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// writer makes random writes among a few users, groups, roles, custom policies and workspaces.
type writer struct{ rng *rand.Rand }

const n = 4 // of each kind

var (
	docs = []string{
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"acs:oss:*:*:a/*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Deny","Action":"oss:DeleteObject","Resource":"*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:Describe*","paiworkspace:*"],"Resource":"*"}]}`,
	}
	trusts = []string{
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:root"]}}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + account + `:user/user0"]}}]}`,
	}
	workspaceRoles = []string{"PAI.AlgoDeveloper", "PAI.WorkspaceAdmin", "PAI.WorkspaceGuest"}
	systemPolicy   = []string{"AliyunOSSFullAccess", "AliyunOSSReadOnlyAccess"}
)

func (w *writer) pick(k int) int { return w.rng.IntN(k) }

func (w *writer) random(ctx context.Context, tx store.Tx) error {
	i := w.pick(n)
	switch w.pick(9) {
	case 0:
		return w.user(ctx, tx, i)
	case 1:
		return w.group(ctx, tx, i)
	case 2:
		g, u := fmt.Sprint("g", i), fmt.Sprint("u", w.pick(n))
		if err := tx.RemoveUserFromGroup(ctx, g, u); !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return tx.AddUserToGroup(ctx, store.Membership{GroupID: g, UserID: u, JoinDate: stamp})
	case 3:
		return w.role(ctx, tx, i)
	case 4:
		return w.policy(ctx, tx, i)
	case 5, 6:
		return w.attachment(ctx, tx, i)
	case 7:
		return w.workspace(ctx, tx, i)
	default:
		return w.workspacePart(ctx, tx, i)
	}
}

// detachAll and the loops below clear what stops a principal from being deleted.
func detachAll(ctx context.Context, tx store.Tx, f store.AttachmentFilter) error {
	atts, err := tx.ListAttachments(ctx, f)
	for _, a := range atts {
		err = errors.Join(err, tx.Detach(ctx, a))
	}
	return err
}

func (w *writer) user(ctx context.Context, tx store.Tx, i int) error {
	id := fmt.Sprint("u", i)
	u, err := tx.GetUser(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return tx.CreateUser(ctx, store.User{ID: id, Name: fmt.Sprint("user", i), CreateDate: stamp, UpdateDate: stamp})
	case err != nil:
		return err
	case w.pick(2) == 0:
		u.Name = fmt.Sprintf("user%dx%d", i, w.pick(3))
		return tx.UpdateUser(ctx, u)
	}
	groups, err := tx.ListGroupsForUser(ctx, id)
	for _, g := range groups {
		err = errors.Join(err, tx.RemoveUserFromGroup(ctx, g.Group.ID, id))
	}
	return errors.Join(err, detachAll(ctx, tx, store.AttachmentFilter{PrincipalType: store.PrincipalUser, PrincipalID: id}), tx.DeleteUser(ctx, id))
}

func (w *writer) group(ctx context.Context, tx store.Tx, i int) error {
	id := fmt.Sprint("g", i)
	g, err := tx.GetGroup(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return tx.CreateGroup(ctx, store.Group{ID: id, Name: fmt.Sprint("group", i), CreateDate: stamp, UpdateDate: stamp})
	case err != nil:
		return err
	case w.pick(2) == 0:
		g.Name = fmt.Sprintf("group%dx%d", i, w.pick(3))
		return tx.UpdateGroup(ctx, g)
	}
	members, _, err := tx.ListUsersForGroup(ctx, id, store.Page{})
	for _, m := range members {
		err = errors.Join(err, tx.RemoveUserFromGroup(ctx, id, m.User.ID))
	}
	return errors.Join(err, detachAll(ctx, tx, store.AttachmentFilter{PrincipalType: store.PrincipalGroup, PrincipalID: id}), tx.DeleteGroup(ctx, id))
}

func (w *writer) role(ctx context.Context, tx store.Tx, i int) error {
	id := fmt.Sprint("r", i)
	r, err := tx.GetRole(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return tx.CreateRole(ctx, store.Role{ID: id, Name: fmt.Sprint("role", i), TrustPolicy: trusts[w.pick(len(trusts))],
			MaxSessionDuration: 3600, CreateDate: stamp, UpdateDate: stamp})
	case err != nil:
		return err
	case w.pick(2) == 0:
		r.TrustPolicy = trusts[w.pick(len(trusts))]
		r.Name = fmt.Sprintf("role%dx%d", i, w.pick(2))
		return tx.UpdateRole(ctx, r)
	}
	return errors.Join(detachAll(ctx, tx, store.AttachmentFilter{PrincipalType: store.PrincipalRole, PrincipalID: id}), tx.DeleteRole(ctx, id))
}

func (w *writer) policy(ctx context.Context, tx store.Tx, i int) error {
	name := fmt.Sprint("Policy", i)
	p, err := tx.GetPolicy(ctx, name)
	switch {
	case errors.Is(err, store.ErrNotFound):
		if err := tx.CreatePolicy(ctx, store.Policy{Name: name, DefaultVersion: "v1", CreateDate: stamp, UpdateDate: stamp}); err != nil {
			return err
		}
		_, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: name, Document: docs[w.pick(len(docs))], CreateDate: stamp})
		return err
	case err != nil:
		return err
	case w.pick(3) > 0: // a new default version, the old one dropped
		v, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: name, Document: docs[w.pick(len(docs))], CreateDate: stamp})
		if err != nil {
			return err
		}
		old := p.DefaultVersion
		p.DefaultVersion = v.VersionID
		return errors.Join(tx.UpdatePolicy(ctx, p), tx.DeletePolicyVersion(ctx, name, old))
	}
	return errors.Join(detachAll(ctx, tx, store.AttachmentFilter{PolicyType: store.PolicyTypeCustom, PolicyName: name}),
		tx.DeletePolicyVersion(ctx, name, p.DefaultVersion), tx.DeletePolicy(ctx, name))
}

func (w *writer) attachment(ctx context.Context, tx store.Tx, i int) error {
	a := store.Attachment{PolicyType: store.PolicyTypeCustom, PolicyName: fmt.Sprint("Policy", i), AttachDate: stamp}
	if w.pick(2) == 0 {
		a.PolicyType, a.PolicyName = store.PolicyTypeSystem, systemPolicy[w.pick(len(systemPolicy))]
	}
	j := w.pick(n)
	switch w.pick(3) {
	case 0:
		a.PrincipalType, a.PrincipalID = store.PrincipalUser, fmt.Sprint("u", j)
	case 1:
		a.PrincipalType, a.PrincipalID = store.PrincipalGroup, fmt.Sprint("g", j)
	default:
		a.PrincipalType, a.PrincipalID = store.PrincipalRole, fmt.Sprint("r", j)
	}
	if w.pick(2) == 0 {
		a.ResourceGroupID = "rg1"
	}
	if err := tx.Detach(ctx, a); !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return tx.Attach(ctx, a)
}

func (w *writer) workspace(ctx context.Context, tx store.Tx, i int) error {
	id := fmt.Sprint("w", i)
	ws, err := tx.GetWorkspace(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return tx.CreateWorkspace(ctx, store.Workspace{ID: id, Name: fmt.Sprint("ws", i), Status: "ENABLED", CreateDate: stamp, UpdateDate: stamp})
	case err != nil:
		return err
	case w.pick(2) == 0:
		ws.ResourceGroupID = []string{"", "rg1"}[w.pick(2)]
		return tx.UpdateWorkspace(ctx, ws)
	}
	members, err := tx.ListWorkspaceMembers(ctx, id)
	for _, m := range members {
		err = errors.Join(err, tx.DeleteWorkspaceMember(ctx, id, m.PrincipalID))
	}
	resources, err2 := tx.ListWorkspaceResources(ctx, id)
	for _, r := range resources {
		err2 = errors.Join(err2, tx.DeleteWorkspaceResource(ctx, r.ID))
	}
	return errors.Join(err, err2, tx.DeleteWorkspace(ctx, id))
}

// workspacePart adds or removes a member or a resource of a workspace.
func (w *writer) workspacePart(ctx context.Context, tx store.Tx, i int) error {
	ws := fmt.Sprint("w", i)
	if w.pick(2) == 0 {
		m := store.WorkspaceMember{WorkspaceID: ws, PrincipalType: store.PrincipalUser, PrincipalID: fmt.Sprint("u", w.pick(n)),
			Roles: []string{workspaceRoles[w.pick(len(workspaceRoles))]}, CreateDate: stamp}
		if w.pick(2) == 0 {
			m.PrincipalType, m.PrincipalID = store.PrincipalRole, fmt.Sprint("r", w.pick(n))
		}
		if _, err := tx.GetWorkspaceMember(ctx, ws, m.PrincipalID); err == nil {
			if w.pick(2) == 0 {
				return tx.UpdateWorkspaceMember(ctx, m)
			}
			return tx.DeleteWorkspaceMember(ctx, ws, m.PrincipalID)
		}
		return tx.CreateWorkspaceMember(ctx, m)
	}
	id := fmt.Sprint("res", w.pick(n))
	if _, err := tx.GetWorkspaceResource(ctx, id); err == nil {
		return tx.DeleteWorkspaceResource(ctx, id)
	}
	r := store.WorkspaceResource{ID: id, WorkspaceID: ws, Name: id, Type: "OSS", Spec: `{"Path":"oss://bkt/` + id + `/"}`, Quotas: "[]", CreateDate: stamp}
	if w.pick(2) == 0 {
		r.Type, r.Spec = "MaxCompute", `{"odpsProject":"proj_`+id+`"}`
	}
	return tx.CreateWorkspaceResource(ctx, r)
}

// sameAnswers compares two snapshots through everything they answer, for every name the
// random writes can give a user or role.
func sameAnswers(t *testing.T, got, want *authz.Snapshot) {
	t.Helper()
	if got.Revision() != want.Revision() {
		t.Fatalf("revision %d, want %d", got.Revision(), want.Revision())
	}
	all := cmp.Exporter(func(reflect.Type) bool { return true })
	check := func(what string, g, w any) {
		t.Helper()
		if diff := cmp.Diff(w, g, all); diff != "" {
			t.Errorf("revision %d: %s (-rebuilt +patched):\n%s", want.Revision(), what, diff)
		}
	}
	var arns []string
	for i := range n {
		arns = append(arns, authz.UserARN(account, fmt.Sprint("user", i)), authz.RoleARN(account, fmt.Sprint("role", i)),
			authz.RoleARN(account, fmt.Sprintf("role%dx1", i))+"/s")
		for k := range 3 {
			arns = append(arns, authz.UserARN(account, fmt.Sprintf("user%dx%d", i, k)))
		}
	}
	requests := []authz.Request{
		{Action: "oss:GetObject", Resource: "acs:oss:*:*:a/k"},
		{Action: "oss:DeleteObject", Resource: "acs:oss:*:*:a/k"},
		{Action: "ecs:DescribeInstances", Resource: "acs:ecs:*:*:instance/i-1"},
		{Action: "oss:ListObjects", Resource: "acs:oss:*:" + account + ":bkt"},
	}
	for _, arn := range arns {
		gc, gok := got.CallerForARN(arn)
		wc, wok := want.CallerForARN(arn)
		check("CallerForARN("+arn+")", fmt.Sprint(gok, gc), fmt.Sprint(wok, wc))
		if !wok {
			continue
		}
		for _, r := range requests {
			check(arn+" "+r.Action, got.Decide(&gc, &r), want.Decide(&wc, &r))
		}
		for i := range n {
			role := fmt.Sprint("role", i)
			ga, gerr := got.CanAssumeRole(&gc, role, policy.Context{})
			wa, werr := want.CanAssumeRole(&wc, role, policy.Context{})
			check(arn+" assumes "+role, fmt.Sprint(ga, gerr), fmt.Sprint(wa, werr))
			ws := fmt.Sprint("w", i)
			check("HasWorkspace "+ws, got.HasWorkspace(ws), want.HasWorkspace(ws))
			check(arn+" roles in "+ws, got.WorkspaceRoles(&gc, ws), want.WorkspaceRoles(&wc, ws))
			for _, r := range []authz.Request{
				{Action: "paiworkspace:ListMembers", Resource: "acs:paiworkspace:cn-hangzhou:" + account + ":workspace/" + ws},
				requests[3],
			} {
				wr := authz.WorkspaceRequest{Request: r, WorkspaceID: ws}
				check(arn+" "+r.Action+" in "+ws, got.ExplainWorkspace(&gc, &wr), want.ExplainWorkspace(&wc, &wr))
			}
		}
	}
}
