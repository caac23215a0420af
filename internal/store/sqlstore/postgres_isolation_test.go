package sqlstore_test

import (
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/storetest"
)

// TestPostgresStrictDefaultIsolation: a database whose default_transaction_isolation is stricter
// than READ COMMITTED (a common hardening setting, here SERIALIZABLE) changes nothing. The store
// relies on READ COMMITTED, where writers queue on the revision row and re-read it; under
// REPEATABLE READ or SERIALIZABLE, concurrent writers (nodes, or goroutines of one node) failed
// with "could not serialize access" (SQLSTATE 40001), answered as 500 InternalError, and nodes
// starting together did not see each other's migrations.
func TestPostgresStrictDefaultIsolation(t *testing.T) {
	admin, dsn := postgresServer(t)
	dsn = freshDatabase(t, admin, dsn)
	if _, err := admin.ExecContext(t.Context(), `ALTER DATABASE `+databaseName(t, dsn)+
		` SET default_transaction_isolation = 'serializable'`); err != nil {
		t.Fatal(err)
	}
	inDB, err := sql.Open("pgx", dsn) // the admin of this database, for its schemas
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { inDB.Close() })

	t.Run("ConcurrentOpenAndUpdates", func(t *testing.T) {
		const nodes, writers, users = 3, 4, 10
		dbs := openTogether(t, dsn, nodes, writers)
		var wg sync.WaitGroup
		var failures sync.Map
		for i, db := range dbs {
			for w := range writers {
				wg.Go(func() {
					for n := range users {
						id := fmt.Sprintf("u%d-%d-%d", i, w, n)
						_, err := db.Update(t.Context(), func(tx store.Tx) error {
							return tx.CreateUser(t.Context(), store.User{ID: id, Name: id, CreateDate: time.Now(), UpdateDate: time.Now()})
						})
						if err != nil {
							failures.Store(id, err)
						}
					}
				})
			}
		}
		wg.Wait()
		failures.Range(func(id, err any) bool {
			t.Errorf("create %s: %v", id, err)
			return true
		})
		if n := countUsers(t, dbs[0]); n != nodes*writers*users {
			t.Errorf("%d users, want %d", n, nodes*writers*users)
		}
	})

	t.Run("Conformance", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) store.Store {
			return openPostgres(t, freshSchema(t, inDB, dsn))
		})
	})
}
