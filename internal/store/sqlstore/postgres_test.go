package sqlstore_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for the admin connection

	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

// postgresServer returns an admin connection to the server named by RAMPART_TEST_POSTGRES_DSN
// (make test starts one: scripts/postgres.sh). Without it the test is skipped, except under
// CI=true, where a missing PostgreSQL is a failure: the suite must run on both backends there.
func postgresServer(t *testing.T) (admin *sql.DB, dsn string) {
	t.Helper()
	dsn = os.Getenv("RAMPART_TEST_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("RAMPART_TEST_POSTGRES_DSN is not set under CI=true: the PostgreSQL store suite must run in CI " +
				"(make test provisions a throwaway server with scripts/postgres.sh)")
		}
		t.Skip("!!! SKIPPING the PostgreSQL store suite: RAMPART_TEST_POSTGRES_DSN is not set " +
			"(make test provisions a throwaway server with scripts/postgres.sh) !!!")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.PingContext(t.Context()); err != nil {
		t.Fatalf("RAMPART_TEST_POSTGRES_DSN: %v", err)
	}
	return admin, dsn
}

// freshDatabase creates an empty database on the server, dropped when the test ends, and returns
// its DSN: a real first start, for the tests about migrating a new database.
func freshDatabase(t *testing.T, admin *sql.DB, dsn string) string {
	t.Helper()
	name := uniqueName()
	if _, err := admin.ExecContext(t.Context(), `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP DATABASE `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	return withSetting(dsn, "dbname", name)
}

// freshSchema creates an empty schema, dropped when the test ends, and returns a DSN whose
// search_path is only that schema: as independent as a new database for the store, and about
// a hundred times cheaper to make (a few ms, where CREATE DATABASE takes about half a second).
func freshSchema(t *testing.T, admin *sql.DB, dsn string) string {
	t.Helper()
	name := uniqueName()
	if _, err := admin.ExecContext(t.Context(), `CREATE SCHEMA `+name); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+name+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
	})
	return withSetting(dsn, "search_path", name)
}

func uniqueName() string { return "rampart_test_" + strings.ToLower(rand.Text()[:12]) }

// withSetting sets one connection setting in a DSN of either form.
func withSetting(dsn, key, value string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		if key == "dbname" {
			u.Path = "/" + value
		} else {
			q := u.Query()
			q.Set(key, value)
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	return dsn + " " + key + "=" + value // key=value form: the last setting wins
}

func openPostgres(t *testing.T, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.OpenPostgres(t.Context(), dsn, sqlstore.WithMaxOpenConns(4))
	if err != nil {
		t.Fatalf("OpenPostgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPostgres(t *testing.T) {
	admin, dsn := postgresServer(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		return openPostgres(t, freshSchema(t, admin, dsn))
	})
}

func TestPostgresShared(t *testing.T) {
	admin, dsn := postgresServer(t)
	storetest.RunShared(t, func(t *testing.T) func(t *testing.T) store.Store {
		dsn := freshSchema(t, admin, dsn)
		return func(t *testing.T) store.Store { return openPostgres(t, dsn) }
	})
}

// TestPostgresConcurrentOpen: nodes starting together on one new database all migrate safely.
func TestPostgresConcurrentOpen(t *testing.T) {
	admin, dsn := postgresServer(t)
	dsn = freshDatabase(t, admin, dsn)
	const nodes = 4
	dbs := openTogether(t, dsn, nodes, 2)
	for i, db := range dbs {
		addUser(t, db, fmt.Sprint("u", i))
	}
	for i, db := range dbs {
		if n := countUsers(t, db); n != nodes {
			t.Errorf("node %d sees %d users, want %d", i, n, nodes)
		}
	}
	// And a later start (a restart) finds nothing to migrate.
	again := openPostgres(t, dsn)
	if n := countUsers(t, again); n != nodes {
		t.Errorf("after a restart: %d users, want %d", n, nodes)
	}
}

// openTogether opens nodes stores on dsn at the same moment, as nodes starting together do, each
// with a pool of conns connections, and fails the test unless every one opens.
func openTogether(t *testing.T, dsn string, nodes, conns int) []*sqlstore.DB {
	t.Helper()
	dbs := make([]*sqlstore.DB, nodes)
	errs := make([]error, nodes)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range nodes {
		wg.Go(func() {
			<-start
			dbs[i], errs[i] = sqlstore.OpenPostgres(t.Context(), dsn, sqlstore.WithMaxOpenConns(conns))
		})
	}
	close(start)
	wg.Wait()
	for i, db := range dbs {
		if db != nil {
			t.Cleanup(func() { db.Close() })
		}
		if errs[i] != nil {
			t.Fatalf("node %d: %v", i, errs[i])
		}
	}
	return dbs
}

func TestPostgresBackupUnsupported(t *testing.T) {
	admin, dsn := postgresServer(t)
	db := openPostgres(t, freshSchema(t, admin, dsn))
	err := db.Backup(t.Context(), new(bytes.Buffer))
	if !errors.Is(err, errors.ErrUnsupported) || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("Backup on PostgreSQL: %v, want ErrUnsupported naming pg_dump", err)
	}
	if err := db.Check(t.Context()); err != nil {
		t.Errorf("Check: %v", err)
	}
}

// TestPostgresNotify: every committed Update announces its revision on NotifyChannel, and a
// rolled-back one announces nothing.
func TestPostgresNotify(t *testing.T) {
	admin, dsn := postgresServer(t)
	dsn = freshDatabase(t, admin, dsn) // notifications are per database: no other test's
	db := openPostgres(t, dsn)
	listener, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(context.Background())
	if _, err := listener.Exec(t.Context(), "LISTEN "+sqlstore.NotifyChannel); err != nil {
		t.Fatal(err)
	}
	_, err = db.Update(t.Context(), func(tx store.Tx) error { return errors.New("rolled back") })
	if err == nil {
		t.Fatal("a failing Update succeeded")
	}
	for range 2 {
		rev := addUser(t, db, fmt.Sprint("u", time.Now().UnixNano()))
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		n, err := listener.WaitForNotification(ctx)
		cancel()
		if err != nil {
			t.Fatalf("waiting for revision %d: %v", rev, err)
		}
		if want := strconv.FormatInt(int64(rev), 10); n.Payload != want {
			t.Errorf("notification payload %q, want %q (the committed revision)", n.Payload, want)
		}
	}
	// Two commits, two notifications: none from the rolled-back Update.
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	if n, err := listener.WaitForNotification(ctx); err == nil {
		t.Errorf("unexpected notification %q", n.Payload)
	}
}

// TestPostgresParseErrorHidesPassword: the error for a DSN pgx cannot parse, which serve logs,
// does not repeat the password, however libpq's syntax spells it. (No server needed: parsing
// fails first.)
func TestPostgresParseErrorHidesPassword(t *testing.T) {
	for _, dsn := range []string{
		`host=127.0.0.1 user=u password = s3cret-pw sslmode=bogus`,
		`host=127.0.0.1 user=u password='x\'s3cret-pw' sslmode=bogus`,
		`postgres://u:s3cret-pw@127.0.0.1/db?sslmode=bogus`,
	} {
		_, err := sqlstore.OpenPostgres(t.Context(), dsn)
		if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "sslmode") {
			t.Errorf("OpenPostgres(%#q) = %v, want an error naming sslmode, without the password", dsn, err)
		}
	}
}
