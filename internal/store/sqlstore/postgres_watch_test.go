package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rampart-iam/rampart/internal/store/storetest"
)

// TestPostgresWatchAcrossNodes: a write through one store reaches the Watch of another store on
// the same database (another node), and keeps doing so after the listening connection is killed.
func TestPostgresWatchAcrossNodes(t *testing.T) {
	admin, dsn := postgresServer(t)
	dsn = freshDatabase(t, admin, dsn)
	watching, writing := openPostgres(t, dsn), openPostgres(t, dsn)
	ch := watching.Watch(t.Context())
	storetest.WatchReaches(t, ch, 0)
	rev := addUser(t, writing, "u1")
	if got := storetest.WatchReaches(t, ch, rev); got != rev {
		t.Fatalf("the other node's Watch reported %d, want %d", got, rev)
	}

	// The listener's connection dies; a write made before it is back is reported once it is.
	res, err := admin.ExecContext(t.Context(), `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE query LIKE 'LISTEN %' AND datname = $1`, databaseName(t, dsn))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("terminated %d listening connections, want 1", n)
	}
	rev = addUser(t, writing, "u2")
	if got := storetest.WatchReaches(t, ch, rev); got != rev {
		t.Fatalf("after the listener reconnected, Watch reported %d, want %d", got, rev)
	}
	rev = addUser(t, writing, "u3")
	storetest.WatchReaches(t, ch, rev)
}

// TestPostgresWatchSchemas: stores in two schemas of one database do not hear each other's
// revisions (a NOTIFY channel spans the database).
func TestPostgresWatchSchemas(t *testing.T) {
	admin, dsn := postgresServer(t)
	quiet, busy := openPostgres(t, freshSchema(t, admin, dsn)), openPostgres(t, freshSchema(t, admin, dsn))
	ch := quiet.Watch(t.Context())
	storetest.WatchReaches(t, ch, 0)
	for i := range 5 {
		addUser(t, busy, fmt.Sprint("u", i))
	}
	rev := addUser(t, quiet, "q1")
	if got := storetest.WatchReaches(t, ch, rev); got != rev {
		t.Fatalf("Watch of the quiet schema reported %d, want %d: it heard the other schema", got, rev)
	}
	select {
	case got := <-ch:
		t.Errorf("Watch of the quiet schema reported %d later", got)
	case <-time.After(100 * time.Millisecond):
	}
}

// databaseName is the database a DSN names.
func databaseName(t *testing.T, dsn string) string {
	t.Helper()
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Database
}
