package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return openSQLite(t, filepath.Join(t.TempDir(), "rampart.db"))
	})
}

func TestSQLiteShared(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) func(t *testing.T) store.Store {
		path := filepath.Join(t.TempDir(), "rampart.db")
		return func(t *testing.T) store.Store { return openSQLite(t, path) }
	})
}

// openSQLite opens a store on path. When the test ends it closes the store, opens the file again
// (migrations must find nothing to do) and checks PRAGMA integrity_check and foreign_key_check.
func openSQLite(t *testing.T, path string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		ctx := context.Background() // t.Context is done during cleanup
		again, err := sqlstore.OpenSQLite(ctx, path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer again.Close()
		if err := again.Check(ctx); err != nil {
			t.Errorf("after the test: %v", err)
		}
	})
	return db
}

func addUser(t *testing.T, s store.Store, id string) store.Revision {
	t.Helper()
	now := time.Now()
	rev, err := s.Update(t.Context(), func(tx store.Tx) error {
		return tx.CreateUser(t.Context(), store.User{ID: id, Name: "user-" + id, CreateDate: now, UpdateDate: now})
	})
	if err != nil {
		t.Fatalf("create user %s: %v", id, err)
	}
	return rev
}

func countUsers(t *testing.T, s store.Store) int {
	t.Helper()
	var n int
	err := s.View(t.Context(), func(r store.Reader) (err error) {
		n, err = r.CountUsers(t.Context())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSQLiteReopen: data survives Close, and a second Open applies no migration twice.
func TestSQLiteReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rampart.db")
	first, err := sqlstore.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	rev := addUser(t, first, "u1")
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second := openSQLite(t, path)
	if got, err := second.Revision(t.Context()); err != nil || got != rev {
		t.Fatalf("revision after reopen = %d, %v; want %d", got, err, rev)
	}
	if n := countUsers(t, second); n != 1 {
		t.Fatalf("users after reopen = %d, want 1", n)
	}
	raw := rawSQLite(t, path)
	var migrations int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&migrations); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("migrations/sqlite/*.sql")
	if migrations != len(files) {
		t.Fatalf("schema_migrations has %d rows after two opens, want %d", migrations, len(files))
	}
}

// rawSQLite opens the file without the store, to look underneath it.
func rawSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// TestSQLiteConcurrentOpen: processes (here, stores) opening a new file at the same moment all
// succeed, with one schema.
func TestSQLiteConcurrentOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rampart.db")
	const openers = 4
	dbs := make([]*sqlstore.DB, openers)
	errs := make([]error, openers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range openers {
		wg.Go(func() {
			<-start
			dbs[i], errs[i] = sqlstore.OpenSQLite(t.Context(), path)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("opener %d: %v", i, err)
		}
		t.Cleanup(func() { dbs[i].Close() })
	}
	for i, db := range dbs {
		addUser(t, db, fmt.Sprint("u", i))
	}
	for i, db := range dbs {
		if n := countUsers(t, db); n != openers {
			t.Errorf("store %d sees %d users, want %d", i, n, openers)
		}
	}
}

// TestSQLiteNewFileIsPrivate: the database holds password hashes and sealed secrets.
func TestSQLiteNewFileIsPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rampart.db")
	openSQLite(t, path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("new database file mode %v, want 0600", mode)
	}
}

// TestSQLitePaths: file names with characters that mean something in a URI still name the file.
func TestSQLitePaths(t *testing.T) {
	for _, name := range []string{"plain.db", "with space.db", "what?.db", "hash#.db", "100%.db", "semi;colon.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			db := openSQLite(t, path)
			addUser(t, db, "u1")
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range entries {
				found = found || e.Name() == name
			}
			if !found {
				t.Errorf("no file %q in %v", name, entries)
			}
		})
	}
}

func TestSQLiteOpenErrors(t *testing.T) {
	if _, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "missing", "rampart.db")); err == nil {
		t.Error("OpenSQLite in a missing directory succeeded")
	}
	// A database migrated by a newer Rampart is refused.
	path := filepath.Join(t.TempDir(), "rampart.db")
	db, err := sqlstore.OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := rawSQLite(t, path).Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlstore.OpenSQLite(t.Context(), path); err == nil || !strings.Contains(err.Error(), "9999") {
		t.Errorf("OpenSQLite on a newer schema: %v, want an error naming version 9999", err)
	}
}

// TestSQLiteBackup takes a backup while writers keep writing, opens the copy as a store, and
// finds one consistent state: everything up to the copy's revision, nothing half-written.
func TestSQLiteBackup(t *testing.T) {
	dir := t.TempDir()
	db := openSQLite(t, filepath.Join(dir, "rampart.db"))
	for i := range 20 {
		addUser(t, db, fmt.Sprint("before", i))
	}

	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ctx.Err() == nil; i++ {
			// Two rows per revision: a copy holding one without the other is torn.
			_, err := db.Update(ctx, func(tx store.Tx) error {
				if err := tx.CreateUser(ctx, store.User{ID: fmt.Sprint("during", i), Name: fmt.Sprint("during", i), CreateDate: time.Now(), UpdateDate: time.Now()}); err != nil {
					return err
				}
				return tx.CreateGroup(ctx, store.Group{ID: fmt.Sprint("during", i), Name: fmt.Sprint("during", i), CreateDate: time.Now(), UpdateDate: time.Now()})
			})
			if err != nil && ctx.Err() == nil {
				t.Errorf("writer: %v", err)
			}
		}
	})
	var buf bytes.Buffer
	err := db.Backup(t.Context(), &buf)
	stop()
	wg.Wait()
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}

	copyPath := filepath.Join(dir, "restored.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	restored := openSQLite(t, copyPath)
	if err := restored.Check(t.Context()); err != nil {
		t.Fatal(err)
	}
	rev, err := restored.Revision(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var users, groups int
	var changes []store.Change
	err = restored.View(t.Context(), func(r store.Reader) (err error) {
		if users, err = r.CountUsers(t.Context()); err != nil {
			return err
		}
		if groups, err = r.CountGroups(t.Context()); err != nil {
			return err
		}
		changes, err = r.Changes(t.Context(), 0, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	during := users - 20
	if during < 0 || groups != during || int(rev) != 20+during || len(changes) != 20+2*during {
		t.Fatalf("torn backup: revision %d, %d users, %d groups, %d changes", rev, users, groups, len(changes))
	}
	t.Logf("backup at revision %d (%d writes landed during it), %d bytes", rev, during, buf.Len())
}

func TestSQLiteBackupClosed(t *testing.T) {
	db := openSQLite(t, filepath.Join(t.TempDir(), "rampart.db"))
	db.Close()
	if err := db.Backup(t.Context(), new(bytes.Buffer)); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Backup after Close: %v, want ErrClosed", err)
	}
}

// TestSQLiteWithoutMigrating: WithoutMigrating opens a store whose schema is this binary's, and
// otherwise refuses without changing anything: no file is created where there is none, and a
// schema that misses a migration stays as it is.
func TestSQLiteWithoutMigrating(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	if _, err := sqlstore.OpenSQLite(ctx, missing, sqlstore.WithoutMigrating()); err == nil {
		t.Error("opened a store that does not exist")
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the open created %s (%v)", missing, err)
	}

	path := filepath.Join(dir, "rampart.db")
	db, err := sqlstore.OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sqlstore.OpenSQLite(ctx, path, sqlstore.WithoutMigrating())
	if err != nil {
		t.Fatalf("a store of this binary's schema: %v", err)
	}
	db.Close()

	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("DELETE FROM schema_migrations WHERE version = 7"); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlstore.OpenSQLite(ctx, path, sqlstore.WithoutMigrating()); err == nil || !strings.Contains(err.Error(), "lacks schema version 7") {
		t.Errorf("an older schema: %v; want it refused", err)
	}
	if _, err := raw.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (7, 'x', 0), (9999, 'future', 0)"); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlstore.OpenSQLite(ctx, path, sqlstore.WithoutMigrating()); err == nil || !strings.Contains(err.Error(), "schema version 9999, unknown") {
		t.Errorf("a newer schema: %v; want it refused", err)
	}
	var n int
	if err := raw.QueryRow("SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil || n != 7 {
		t.Errorf("schema_migrations rows = %d, %v; want the 7 left as they were", n, err)
	}
}
