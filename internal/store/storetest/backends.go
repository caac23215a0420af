package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for the admin connection

	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
)

// Opener opens a fresh, empty store for one test and closes it when that test ends.
type Opener func(t testing.TB) store.Store

// Backends runs test once per production store, as the subtests "sqlite" and "postgres": every
// domain (RAM, PAI, activation) must pass its tests on both, because a domain can lean on one
// backend's behaviour (ordering, collation, time precision, conflict detection) without the
// conformance suite noticing. PostgreSQL is the server named by RAMPART_TEST_POSTGRES_DSN (make
// test provisions one with scripts/postgres.sh), and each Opener call gets its own schema on it.
// Without the variable the PostgreSQL run fails under CI=true and is skipped loudly otherwise.
func Backends(t *testing.T, test func(t *testing.T, open Opener)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { test(t, SQLite) })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("RAMPART_TEST_POSTGRES_DSN")
		if dsn == "" {
			if os.Getenv("CI") == "true" {
				t.Fatal("RAMPART_TEST_POSTGRES_DSN is not set under CI=true: the domain tests must run on PostgreSQL in CI")
			}
			t.Skip("!!! SKIPPING the PostgreSQL run of the domain tests: RAMPART_TEST_POSTGRES_DSN is not set " +
				"(make test provisions a throwaway server with scripts/postgres.sh) !!!")
		}
		test(t, postgres(t, dsn))
	})
}

// SQLite is the SQLite Opener: a new database file in the test's temporary directory. Tests and
// benchmarks about in-process behaviour only (caches, timing) use it alone.
func SQLite(t testing.TB) store.Store {
	t.Helper()
	st, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "rampart.db"))
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// postgres returns the PostgreSQL Opener for the server at dsn. One admin connection, closed
// when t ends, creates the schemas of every store opened under t.
func postgres(t *testing.T, dsn string) Opener {
	t.Helper()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.PingContext(t.Context()); err != nil {
		t.Fatalf("RAMPART_TEST_POSTGRES_DSN: %v", err)
	}
	return func(t testing.TB) store.Store {
		t.Helper()
		st, err := sqlstore.OpenPostgres(t.Context(), freshSchema(t, admin, dsn), sqlstore.WithMaxOpenConns(4))
		if err != nil {
			t.Fatalf("OpenPostgres: %v", err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
}

// freshSchema creates an empty schema, dropped when the test ends, and returns a DSN whose
// search_path is only that schema: as independent as a new database for the store, and far
// cheaper to make (a few ms, where CREATE DATABASE takes about half a second).
func freshSchema(t testing.TB, admin *sql.DB, dsn string) string {
	t.Helper()
	name := "rampart_test_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.ExecContext(t.Context(), `CREATE SCHEMA `+name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+name+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
	})
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " search_path=" + name // key=value form: the last setting wins
}
