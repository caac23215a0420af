package storetest

import (
	"context"
	"testing"

	"github.com/rampart-iam/rampart/internal/store"
)

// PAI service authorization: service-linked roles, activations, service credentials and the
// tasks of DeleteServiceLinkedRole.

func newServiceLinkedRole(id, name, service string) store.Role {
	r := newRole(id, name)
	r.ServiceName = service
	r.TrustPolicy = `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["` + service + `"]}}],"Version":"1"}`
	return r
}

func testServiceLinkedRoles(t *testing.T, s store.Store) {
	slr := newServiceLinkedRole("r1", "AliyunServiceRoleForPaiEas", "eas.pai.aliyuncs.com")
	plain := newRole("r2", "auditor")
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.CreateRole(ctx, slr), tx.CreateRole(ctx, plain))
	})
	same(t, "service-linked role by name", get(t, s, func(ctx context.Context, r store.Reader) (store.Role, error) {
		return r.GetRoleByName(ctx, "aliyunserviceroleforpaieas")
	}), slr)
	same(t, "roles", get(t, s, func(ctx context.Context, r store.Reader) ([]store.Role, error) {
		roles, _, err := r.ListRoles(ctx, store.Page{})
		return roles, err
	}), []store.Role{slr, plain})

	// UpdateRole leaves ServiceName as it was created: no update turns a role into another kind.
	changed := plain
	changed.ServiceName, changed.Description = "eas.pai.aliyuncs.com", "changed"
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.UpdateRole(ctx, changed) })
	want := plain
	want.Description = "changed"
	same(t, "updated role", get(t, s, func(ctx context.Context, r store.Reader) (store.Role, error) { return r.GetRole(ctx, "r2") }), want)
}

func testActivations(t *testing.T, s store.Store) {
	oss := store.Activation{Service: "OSS", ActivatedBy: "acs:ram::" + accountID + ":user/alice", ActivateDate: at(3)}
	pai := store.Activation{Service: "PAI", ActivatedBy: "acs:ram::" + accountID + ":root", ActivateDate: at(1)}
	mc := store.Activation{Service: "MaxCompute", ActivatedBy: "acs:ram::" + accountID + ":root", ActivateDate: at(2)}
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.CreateActivation(ctx, pai), tx.CreateActivation(ctx, oss), tx.CreateActivation(ctx, mc))
	})
	same(t, "GetActivation", get(t, s, func(ctx context.Context, r store.Reader) (store.Activation, error) {
		return r.GetActivation(ctx, "OSS")
	}), oss)
	same(t, "ListActivations", get(t, s, func(ctx context.Context, r store.Reader) ([]store.Activation, error) {
		return r.ListActivations(ctx)
	}), []store.Activation{mc, oss, pai})
	updateFails(t, s, store.ErrExists, func(ctx context.Context, tx store.Tx) error { return tx.CreateActivation(ctx, oss) })
	updateFails(t, s, store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.GetActivation(ctx, "oss") // names are exact
		return err
	})
}

func testServiceCredentials(t *testing.T, s store.Store) {
	cred := func(id, service string, hour int) store.ServiceCredential {
		return store.ServiceCredential{AccessKeyID: id, ServiceName: service, SecretCiphertext: []byte("sealed " + id), CreateDate: at(hour)}
	}
	eas1, eas2, dlc := cred("LTAS2", "eas.pai.aliyuncs.com", 1), cred("LTAS1", "eas.pai.aliyuncs.com", 2), cred("LTAS3", "dlc.pai.aliyuncs.com", 3)
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.CreateServiceCredential(ctx, eas2), tx.CreateServiceCredential(ctx, dlc), tx.CreateServiceCredential(ctx, eas1))
	})
	view(t, s, func(ctx context.Context, r store.Reader) error {
		got, err := r.GetServiceCredential(ctx, "LTAS1")
		if err != nil {
			return err
		}
		same(t, "GetServiceCredential", got, eas2)
		all, err := r.ListServiceCredentials(ctx, "")
		if err != nil {
			return err
		}
		same(t, "ListServiceCredentials", all, []store.ServiceCredential{dlc, eas1, eas2})
		eas, err := r.ListServiceCredentials(ctx, "eas.pai.aliyuncs.com")
		if err != nil {
			return err
		}
		same(t, "ListServiceCredentials(eas)", eas, []store.ServiceCredential{eas1, eas2})
		n, err := r.CountServiceCredentials(ctx, "eas.pai.aliyuncs.com")
		same(t, "CountServiceCredentials", n, 2)
		return err
	})
	updateFails(t, s, store.ErrExists, func(ctx context.Context, tx store.Tx) error {
		return tx.CreateServiceCredential(ctx, cred("LTAS1", "x.aliyuncs.com", 4))
	})
	update(t, s, func(ctx context.Context, tx store.Tx) error { return tx.DeleteServiceCredential(ctx, "LTAS1") })
	updateFails(t, s, store.ErrNotFound, func(ctx context.Context, tx store.Tx) error { return tx.DeleteServiceCredential(ctx, "LTAS1") })
	updateFails(t, s, store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.GetServiceCredential(ctx, "LTAS1")
		return err
	})
}

func testRoleDeletionTasks(t *testing.T, s store.Store) {
	failed := store.RoleDeletionTask{ID: "task/acs-service-role/eas.pai.aliyuncs.com/AliyunServiceRoleForPaiEas/1",
		RoleName: "AliyunServiceRoleForPaiEas", ServiceName: "eas.pai.aliyuncs.com", Status: store.DeletionFailed,
		Message: "in use", CreateDate: at(1),
		Usages: []store.RoleUsage{{Region: "cn-hangzhou", Resources: []string{"acs:paiworkspace:cn-hangzhou:1:workspace/1", "b"}}}}
	done := store.RoleDeletionTask{ID: "task/acs-service-role/eas.pai.aliyuncs.com/AliyunServiceRoleForPaiEas/2",
		RoleName: "AliyunServiceRoleForPaiEas", ServiceName: "eas.pai.aliyuncs.com", Status: store.DeletionSucceeded, CreateDate: at(2)}
	update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(tx.CreateRoleDeletionTask(ctx, failed), tx.CreateRoleDeletionTask(ctx, done))
	})
	for _, want := range []store.RoleDeletionTask{failed, done} {
		same(t, "GetRoleDeletionTask", get(t, s, func(ctx context.Context, r store.Reader) (store.RoleDeletionTask, error) {
			return r.GetRoleDeletionTask(ctx, want.ID)
		}), want)
	}
	updateFails(t, s, store.ErrExists, func(ctx context.Context, tx store.Tx) error { return tx.CreateRoleDeletionTask(ctx, done) })
	updateFails(t, s, store.ErrNotFound, func(ctx context.Context, tx store.Tx) error {
		_, err := tx.GetRoleDeletionTask(ctx, "task/none")
		return err
	})
}

// testServiceAuthorizationChanges: the new kinds of rows are in the change log like every other.
func testServiceAuthorizationChanges(t *testing.T, s store.Store) {
	rev := update(t, s, func(ctx context.Context, tx store.Tx) error {
		return all(
			tx.CreateActivation(ctx, store.Activation{Service: "PAI", ActivatedBy: "root", ActivateDate: at(1)}),
			tx.CreateServiceCredential(ctx, store.ServiceCredential{AccessKeyID: "LTAS1", ServiceName: "eas.pai.aliyuncs.com",
				SecretCiphertext: []byte("x"), CreateDate: at(1)}),
			tx.CreateRoleDeletionTask(ctx, store.RoleDeletionTask{ID: "task/a/b", RoleName: "R", ServiceName: "eas.pai.aliyuncs.com",
				Status: store.DeletionSucceeded, CreateDate: at(1)}),
			tx.DeleteServiceCredential(ctx, "LTAS1"),
		)
	})
	changes, err := s.Changes(t.Context(), rev-1, 0)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "changes", changes, []store.Change{
		{Revision: rev, Kind: store.KindActivation, Key: "PAI", Op: store.OpPut},
		{Revision: rev, Kind: store.KindServiceCredential, Key: "LTAS1", Op: store.OpPut},
		{Revision: rev, Kind: store.KindRoleDeletionTask, Key: "task/a/b", Op: store.OpPut},
		{Revision: rev, Kind: store.KindServiceCredential, Key: "LTAS1", Op: store.OpDelete},
	})
}
