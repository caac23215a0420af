package storetest

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

func testClose(t *testing.T, s store.Store) {
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	ctx := t.Context()
	calls := map[string]func() error{
		"Update": func() error {
			_, err := s.Update(ctx, func(store.Tx) error { return nil })
			return err
		},
		"View":         func() error { return s.View(ctx, func(store.Reader) error { return nil }) },
		"Revision":     func() error { _, err := s.Revision(ctx); return err },
		"Changes":      func() error { _, err := s.Changes(ctx, 0, 0); return err },
		"PruneChanges": func() error { return s.PruneChanges(ctx, 1) },
		"UseNonces": func() error {
			_, err := s.UseNonces(ctx, []store.Nonce{{AccessKeyID: "k", Value: "n", Expires: time.Now().Add(time.Hour)}})
			return err
		},
		"UseMFATimeStep":     func() error { return s.UseMFATimeStep(ctx, "d", 1) },
		"TouchAccessKey":     func() error { return s.TouchAccessKey(ctx, "k", at(1)) },
		"RecordLoginSuccess": func() error { return s.RecordLoginSuccess(ctx, "u", at(1)) },
		"RecordLoginFailure": func() error {
			_, err := s.RecordLoginFailure(ctx, "u", at(1), time.Hour, 1, at(2))
			return err
		},
		"AppendAudit": func() error {
			_, err := s.AppendAudit(ctx, store.AuditRecord{Time: at(1), Action: "ram:GetUser", Result: "NoPermission"})
			return err
		},
		"Backup": func() error { return s.Backup(ctx, new(bytes.Buffer)) },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, store.ErrClosed) {
			t.Errorf("%s after Close = %v, want ErrClosed", name, err)
		}
	}
}
