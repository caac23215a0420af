package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

func newWorkspace(id, name string) store.Workspace {
	return store.Workspace{ID: id, Name: name, DisplayName: name + " display", Description: "workspace " + name,
		EnvTypes: []string{"dev", "prod"}, Status: "ENABLED", CreatorID: "u1", CreateDate: at(1), UpdateDate: at(2)}
}

func newWorkspaceMember(ws, principalType, id string, roles ...string) store.WorkspaceMember {
	return store.WorkspaceMember{WorkspaceID: ws, PrincipalType: principalType, PrincipalID: id, Roles: roles, CreateDate: at(3)}
}

func newWorkspaceResource(id, ws, name string) store.WorkspaceResource {
	return store.WorkspaceResource{ID: id, WorkspaceID: ws, Name: name, GroupName: "group-" + name, Type: "OSS", EnvType: "prod",
		Spec: `{"Path":"oss://b/` + name + `/"}`, Quotas: `[]`, CreateDate: at(4)}
}

// testWorkspaces covers workspaces, members and resources: every method, the default
// workspace's uniqueness, case-insensitive names, conflicts and the change log.
func testWorkspaces(t *testing.T, s store.Store) {
	ml, cv := newWorkspace("100", "ml"), newWorkspace("200", "CV")
	cv.CreateDate, cv.IsDefault, cv.ResourceGroupID, cv.EnvTypes = at(0), true, "rg-9", nil
	alice := newWorkspaceMember("100", store.PrincipalUser, "u1", "PAI.AlgoDeveloper", "PAI.WorkspaceGuest")
	ops := newWorkspaceMember("100", store.PrincipalRole, "r1", "PAI.AlgoOperator")
	ops.CreateDate = at(1)
	bob := newWorkspaceMember("200", store.PrincipalUser, "u2", "PAI.WorkspaceOwner")
	data, proj := newWorkspaceResource("res1", "100", "Data"), newWorkspaceResource("res2", "100", "Proj")
	proj.Type, proj.IsDefault, proj.Spec = "MaxCompute", true, `{"odpsProject":"p1"}`
	r1 := update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.CreateWorkspace(ctx, ml), tx.CreateWorkspace(ctx, cv),
			tx.CreateWorkspaceMember(ctx, alice), tx.CreateWorkspaceMember(ctx, ops), tx.CreateWorkspaceMember(ctx, bob),
			tx.CreateWorkspaceResource(ctx, proj), tx.CreateWorkspaceResource(ctx, data))
	})
	view(t, s, func(ctx context.Context, r store.Reader) error {
		w, err := r.GetWorkspace(ctx, "100")
		same(t, "GetWorkspace", w, ml)
		w, err2 := r.GetWorkspaceByName(ctx, "cv")
		same(t, "GetWorkspaceByName ignores case", w, cv)
		w, err3 := r.GetDefaultWorkspace(ctx)
		same(t, "GetDefaultWorkspace", w, cv)
		ws, err4 := r.ListWorkspaces(ctx)
		same(t, "ListWorkspaces by creation", ws, []store.Workspace{cv, ml})
		n, err5 := r.CountWorkspaces(ctx)
		same(t, "CountWorkspaces", n, 2)
		m, err6 := r.GetWorkspaceMember(ctx, "100", "r1")
		same(t, "GetWorkspaceMember", m, ops)
		ms, err7 := r.ListWorkspaceMembers(ctx, "100")
		same(t, "ListWorkspaceMembers by join date", ms, []store.WorkspaceMember{ops, alice})
		ms, err8 := r.ListWorkspaceMembers(ctx, "")
		same(t, "every workspace's members", ms, []store.WorkspaceMember{ops, alice, bob})
		n, err9 := r.CountWorkspaceMembers(ctx, "100")
		same(t, "CountWorkspaceMembers", n, 2)
		res, err10 := r.GetWorkspaceResource(ctx, "res2")
		same(t, "GetWorkspaceResource", res, proj)
		rs, err11 := r.ListWorkspaceResources(ctx, "100")
		same(t, "ListWorkspaceResources by name", rs, []store.WorkspaceResource{data, proj})
		rs, err12 := r.ListWorkspaceResources(ctx, "200")
		same(t, "resources of a workspace without any", rs, []store.WorkspaceResource(nil))
		n, err13 := r.CountWorkspaceResources(ctx, "100")
		same(t, "CountWorkspaceResources", n, 2)
		return all(err, err2, err3, err4, err5, err6, err7, err8, err9, err10, err11, err12, err13)
	})

	// Duplicates: an ID, a name in another case, a second default, a member twice, a resource
	// name twice in one workspace (another workspace may reuse it).
	for name, fn := range map[string]func(ctx context.Context, tx store.Tx) error{
		"workspace ID": func(ctx context.Context, tx store.Tx) error {
			return tx.CreateWorkspace(ctx, newWorkspace("100", "other"))
		},
		"workspace name": func(ctx context.Context, tx store.Tx) error {
			return tx.CreateWorkspace(ctx, newWorkspace("300", "ML"))
		},
		"second default": func(ctx context.Context, tx store.Tx) error {
			w := newWorkspace("300", "nlp")
			w.IsDefault = true
			return tx.CreateWorkspace(ctx, w)
		},
		"default by update": func(ctx context.Context, tx store.Tx) error {
			w := ml
			w.IsDefault = true
			return tx.UpdateWorkspace(ctx, w)
		},
		"member": func(ctx context.Context, tx store.Tx) error { return tx.CreateWorkspaceMember(ctx, alice) },
		"member of any type": func(ctx context.Context, tx store.Tx) error {
			m := alice
			m.PrincipalType = store.PrincipalRole
			return tx.CreateWorkspaceMember(ctx, m)
		},
		"resource ID": func(ctx context.Context, tx store.Tx) error {
			return tx.CreateWorkspaceResource(ctx, newWorkspaceResource("res1", "200", "x"))
		},
		"resource name": func(ctx context.Context, tx store.Tx) error {
			return tx.CreateWorkspaceResource(ctx, newWorkspaceResource("res3", "100", "DATA"))
		},
	} {
		t.Run("exists/"+name, func(t *testing.T) { updateFails(t, s, store.ErrExists, fn) })
	}
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return tx.CreateWorkspaceResource(ctx, newWorkspaceResource("res3", "200", "data"))
	})

	// References: no member or resource without its workspace, no workspace deleted under them.
	for name, fn := range map[string]func(ctx context.Context, tx store.Tx) error{
		"member of a missing workspace": func(ctx context.Context, tx store.Tx) error {
			return tx.CreateWorkspaceMember(ctx, newWorkspaceMember("999", store.PrincipalUser, "u1", "PAI.WorkspaceGuest"))
		},
		"resource of a missing workspace": func(ctx context.Context, tx store.Tx) error {
			return tx.CreateWorkspaceResource(ctx, newWorkspaceResource("res9", "999", "x"))
		},
		"workspace with members":   func(ctx context.Context, tx store.Tx) error { return tx.DeleteWorkspace(ctx, "100") },
		"workspace with resources": func(ctx context.Context, tx store.Tx) error { return tx.DeleteWorkspace(ctx, "200") },
	} {
		t.Run("conflict/"+name, func(t *testing.T) { updateFails(t, s, store.ErrConflict, fn) })
	}

	// Missing rows.
	for name, fn := range map[string]func(ctx context.Context, tx store.Tx) error{
		"update workspace": func(ctx context.Context, tx store.Tx) error { return tx.UpdateWorkspace(ctx, newWorkspace("999", "x")) },
		"delete workspace": func(ctx context.Context, tx store.Tx) error { return tx.DeleteWorkspace(ctx, "999") },
		"update member": func(ctx context.Context, tx store.Tx) error {
			return tx.UpdateWorkspaceMember(ctx, newWorkspaceMember("100", store.PrincipalUser, "u9", "PAI.WorkspaceGuest"))
		},
		"delete member": func(ctx context.Context, tx store.Tx) error { return tx.DeleteWorkspaceMember(ctx, "200", "u1") },
		"update resource": func(ctx context.Context, tx store.Tx) error {
			return tx.UpdateWorkspaceResource(ctx, newWorkspaceResource("res9", "100", "x"))
		},
		"update resource of another workspace": func(ctx context.Context, tx store.Tx) error {
			return tx.UpdateWorkspaceResource(ctx, newWorkspaceResource("res1", "200", "Data"))
		},
		"delete resource": func(ctx context.Context, tx store.Tx) error { return tx.DeleteWorkspaceResource(ctx, "res9") },
		"get workspace":   func(ctx context.Context, tx store.Tx) error { _, err := tx.GetWorkspace(ctx, "999"); return err },
		"get by name":     func(ctx context.Context, tx store.Tx) error { _, err := tx.GetWorkspaceByName(ctx, "nlp"); return err },
		"get member": func(ctx context.Context, tx store.Tx) error {
			_, err := tx.GetWorkspaceMember(ctx, "200", "r1")
			return err
		},
		"get resource": func(ctx context.Context, tx store.Tx) error {
			_, err := tx.GetWorkspaceResource(ctx, "res9")
			return err
		},
	} {
		t.Run("notfound/"+name, func(t *testing.T) { updateFails(t, s, store.ErrNotFound, fn) })
	}

	// Changes: the default moves, a member's roles change, a resource becomes the default and
	// another stops being it, everything is removed.
	ml2, cv2 := ml, cv
	ml2.Name, ml2.DisplayName, ml2.Description, ml2.EnvTypes, ml2.Status = "ml2", "ML 2", "changed", []string{"prod"}, "UPDATING"
	ml2.CreatorID, ml2.ResourceGroupID, ml2.IsDefault, ml2.UpdateDate = "u2", "rg-1", true, at(9)
	cv2.IsDefault = false
	alice2 := alice
	alice2.Roles = []string{"PAI.WorkspaceAdmin"}
	data2, proj2 := data, proj
	data2.GroupName, data2.EnvType, data2.IsDefault, data2.Spec, data2.Quotas = "shared", "dev", true, `{"Path":"oss://b/new/"}`, `[{"Id":"q1"}]`
	proj2.IsDefault = false
	r3 := update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.UpdateWorkspace(ctx, cv2), tx.UpdateWorkspace(ctx, ml2), tx.UpdateWorkspaceMember(ctx, alice2),
			tx.UpdateWorkspaceResource(ctx, proj2), tx.UpdateWorkspaceResource(ctx, data2))
	})
	view(t, s, func(ctx context.Context, r store.Reader) error {
		w, err := r.GetDefaultWorkspace(ctx)
		same(t, "the new default", w, ml2)
		m, err2 := r.GetWorkspaceMember(ctx, "100", "u1")
		same(t, "the member's new roles", m, alice2)
		rs, err3 := r.ListWorkspaceResources(ctx, "100")
		same(t, "the resources' new fields", rs, []store.WorkspaceResource{data2, proj2})
		return all(err, err2, err3)
	})
	r4 := update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.DeleteWorkspaceMember(ctx, "100", "u1"), tx.DeleteWorkspaceMember(ctx, "100", "r1"),
			tx.DeleteWorkspaceResource(ctx, "res1"), tx.DeleteWorkspaceResource(ctx, "res2"), tx.DeleteWorkspace(ctx, "100"))
	})
	if _, err := s.Changes(t.Context(), 0, 0); err != nil {
		t.Fatal(err)
	}
	got, err := s.Changes(t.Context(), r1-1, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Change{
		ch(r1, store.KindWorkspace, "100", store.OpPut),
		ch(r1, store.KindWorkspace, "200", store.OpPut),
		ch(r1, store.KindWorkspaceMember, "100/u1", store.OpPut),
		ch(r1, store.KindWorkspaceMember, "100/r1", store.OpPut),
		ch(r1, store.KindWorkspaceMember, "200/u2", store.OpPut),
		ch(r1, store.KindWorkspaceResource, "100/res2", store.OpPut),
		ch(r1, store.KindWorkspaceResource, "100/res1", store.OpPut),
		ch(r1+1, store.KindWorkspaceResource, "200/res3", store.OpPut),
		ch(r3, store.KindWorkspace, "200", store.OpPut),
		ch(r3, store.KindWorkspace, "100", store.OpPut),
		ch(r3, store.KindWorkspaceMember, "100/u1", store.OpPut),
		ch(r3, store.KindWorkspaceResource, "100/res2", store.OpPut),
		ch(r3, store.KindWorkspaceResource, "100/res1", store.OpPut),
		ch(r4, store.KindWorkspaceMember, "100/u1", store.OpDelete),
		ch(r4, store.KindWorkspaceMember, "100/r1", store.OpDelete),
		ch(r4, store.KindWorkspaceResource, "100/res1", store.OpDelete),
		ch(r4, store.KindWorkspaceResource, "100/res2", store.OpDelete),
		ch(r4, store.KindWorkspace, "100", store.OpDelete),
	}
	same(t, "change log", got, want)
	same(t, "workspaces left", get(t, s, func(ctx context.Context, r store.Reader) ([]store.Workspace, error) { return r.ListWorkspaces(ctx) }),
		[]store.Workspace{cv2})
}
