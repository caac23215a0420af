package servicecred_test

import (
	"bytes"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/servicecred"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
)

const account = "1234567890123456"

var now = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func newService(t *testing.T, st store.Store, keyByte byte) *servicecred.Service {
	t.Helper()
	key, err := secrets.NewMasterKey(bytes.Repeat([]byte{keyByte}, secrets.MasterKeySize))
	if err != nil {
		t.Fatal(err)
	}
	box, err := secrets.NewBox(key)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := servicecred.New(servicecred.Options{Store: st, Box: box, IDs: secrets.NewIDGen(rand.NewChaCha8([32]byte{keyByte})),
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func newStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "rampart.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Update(t.Context(), func(tx store.Tx) error {
		return tx.CreateAccount(t.Context(), store.Account{ID: account, CreateDate: now})
	}); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestCredentials(t *testing.T) {
	ctx := t.Context()
	st := newStore(t)
	svc := newService(t, st, 1)

	eas, err := svc.Create(ctx, "eas.pai.aliyuncs.com", "operator")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(eas.AccessKeyID, servicecred.KeyPrefix) || len(eas.AccessKeyID) != 24 || eas.AccessKeySecret.IsZero() ||
		eas.ServiceName != "eas.pai.aliyuncs.com" || !eas.CreateDate.Equal(now) {
		t.Errorf("Create = %+v", eas.Credential)
	}
	caller, secret, err := svc.ForAuth(ctx, eas.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	type who struct {
		Type                             authz.CallerType
		AccountID, ID, Name, ARN, Secret string
		AccessKeyID                      string
	}
	got := who{caller.Type, caller.AccountID, caller.ID, caller.Name, caller.ARN, secret.Reveal(), caller.AccessKeyID}
	want := who{authz.Service, account, "", "eas.pai.aliyuncs.com", "eas.pai.aliyuncs.com", eas.AccessKeySecret.Reveal(), eas.AccessKeyID}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ForAuth (-want +got):\n%s", diff)
	}

	second, err := svc.Create(ctx, "eas.pai.aliyuncs.com", "operator")
	if err != nil {
		t.Fatal(err)
	}
	dlc, err := svc.Create(ctx, "dlc.pai.aliyuncs.com", "operator")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, service, code string }{
		{"a third for one service", "eas.pai.aliyuncs.com", "LimitExceeded.ServiceCredential"},
		{"not a service principal", "alice", "InvalidParameter.ServiceName"},
		{"upper case", "EAS.pai.aliyuncs.com", "InvalidParameter.ServiceName"},
		{"another domain", "eas.example.com", "InvalidParameter.ServiceName"},
		{"an ARN", "acs:ram::1:role/x", "InvalidParameter.ServiceName"},
		{"empty", "", "InvalidParameter.ServiceName"},
	} {
		if _, err := svc.Create(ctx, tt.service, "operator"); errs.CodeOf(err) != tt.code {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.code)
		}
	}
	list, err := svc.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].AccessKeyID != dlc.AccessKeyID {
		t.Errorf("List = %+v", list)
	}
	if easOnly, _ := svc.List(ctx, "eas.pai.aliyuncs.com"); len(easOnly) != 2 {
		t.Errorf("List(eas) = %+v", easOnly)
	}

	if err := svc.Delete(ctx, second.AccessKeyID, "operator"); err != nil {
		t.Fatal(err)
	}
	if err := svc.Delete(ctx, second.AccessKeyID, "operator"); errs.CodeOf(err) != "EntityNotExist.ServiceCredential" {
		t.Errorf("Delete twice: %v", err)
	}
	if _, _, err := svc.ForAuth(ctx, second.AccessKeyID); errs.KindOf(err) != errs.NotFound {
		t.Errorf("ForAuth of a deleted credential: %v", err)
	}
	if _, _, err := svc.ForAuth(ctx, "LTAIrootKeyForTests0001"); errs.KindOf(err) != errs.NotFound {
		t.Errorf("ForAuth of an unknown key: %v", err)
	}

	// A server with another master key cannot use the secret.
	if _, _, err := newService(t, st, 2).ForAuth(ctx, eas.AccessKeyID); errs.KindOf(err) != errs.Internal {
		t.Errorf("ForAuth under another master key: %v", err)
	}

	var recs []store.AuditRecord
	if err := st.View(ctx, func(r store.Reader) (err error) {
		recs, err = r.ListAudit(ctx, store.AuditQuery{PrincipalARN: "operator"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || recs[0].Action != "rampart:DeleteServiceCredential" || !strings.Contains(recs[0].Detail, second.AccessKeyID) ||
		strings.Contains(recs[0].Detail, second.AccessKeySecret.Reveal()) {
		t.Errorf("audit = %+v", recs)
	}
}
