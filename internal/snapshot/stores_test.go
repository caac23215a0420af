package snapshot_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for the admin connection

	"github.com/rampart-iam/rampart/internal/snapshot"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
)

// postgresSchema returns the DSN of a fresh schema on the server named by
// RAMPART_TEST_POSTGRES_DSN (make test starts one), dropped when the test ends. Without it the
// test is skipped, except under CI=true.
func postgresSchema(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("RAMPART_TEST_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("RAMPART_TEST_POSTGRES_DSN is not set under CI=true")
		}
		t.Skip("RAMPART_TEST_POSTGRES_DSN is not set (make test provisions a throwaway server with scripts/postgres.sh)")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	name := "rampart_snapshot_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.ExecContext(t.Context(), `CREATE SCHEMA `+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.ExecContext(context.Background(), `DROP SCHEMA `+name+` CASCADE`) })
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// openPostgres opens a store (a node) on the schema dsn names, creating the account the first
// time.
func openPostgres(t *testing.T, dsn string) store.Store {
	t.Helper()
	st, err := sqlstore.OpenPostgres(t.Context(), dsn, sqlstore.WithMaxOpenConns(4))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ensureAccount(t, st)
	return st
}

// openSQLiteFile opens a store on the SQLite file at path, creating the account the first time.
func openSQLiteFile(t *testing.T, path string) store.Store {
	t.Helper()
	st, err := sqlstore.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ensureAccount(t, st)
	return st
}

func ensureAccount(t *testing.T, st store.Store) {
	t.Helper()
	ctx := t.Context()
	if _, err := st.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.GetAccount(ctx); err == nil {
			return nil
		}
		return tx.CreateAccount(ctx, store.Account{ID: account, CreateDate: time.Now().UTC().Truncate(time.Second)})
	}); err != nil {
		t.Fatal(err)
	}
}

func newHolder(t *testing.T, st store.Store, opts ...snapshot.Option) *snapshot.Holder {
	t.Helper()
	h, err := snapshot.New(t.Context(), st, systemPolicies(t), slog.New(slog.NewTextHandler(io.Discard, nil)), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// createUser creates a user through st and returns the revision of the write.
func createUser(t *testing.T, st store.Store, id, name string) store.Revision {
	t.Helper()
	ctx := t.Context()
	now := time.Now().UTC().Truncate(time.Second)
	rev, err := st.Update(ctx, func(tx store.Tx) error {
		return tx.CreateUser(ctx, store.User{ID: id, Name: name, CreateDate: now, UpdateDate: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	return rev
}

// waitFor polls until the holder's snapshot knows the user name, for up to 5 s, and returns how
// long that took.
func waitFor(t *testing.T, h *snapshot.Holder, name string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if _, ok := h.Current().User(name); ok {
			return time.Since(start)
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("the snapshot did not learn of %s in 5 s", name)
		}
		time.Sleep(time.Millisecond)
	}
}
