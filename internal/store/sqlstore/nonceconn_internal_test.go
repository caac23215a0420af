package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// TestNonceSync: nonces are committed without an fsync and without checkpointing on the
// request's path, the background checkpoint brings them into the database file within a few
// intervals, and UseNonces refuses to acknowledge nonces while checkpoints fail.
func TestNonceSync(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rampart.db")
	db, err := OpenSQLite(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for pragma, want := range map[string]int{"synchronous": 1 /* NORMAL */, "wal_autocheckpoint": 0} {
		var got int
		if err := db.nonceConn.sql.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("nonce connection: %s = %d, want %d", pragma, got, want)
		}
	}

	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	time.Sleep(2 * nonceSyncEvery) // whatever opening wrote is checkpointed
	before := size()
	ctx := context.Background()
	batch := make([]store.Nonce, 1000)
	for round := range 5 {
		for i := range batch {
			batch[i] = store.Nonce{AccessKeyID: "k", Value: fmt.Sprint(round, "/", i), Expires: time.Now().Add(time.Hour)}
		}
		if _, err := db.UseNonces(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(20 * nonceSyncEvery); size() == before; time.Sleep(nonceSyncEvery / 4) {
		if time.Now().After(deadline) {
			t.Fatalf("5,000 nonces did not reach the database file in %v", 20*nonceSyncEvery)
		}
	}

	db.nonceConn.stop() // so that no checkpoint succeeds from here on
	<-db.nonceConn.done
	failed := errors.New("disk on fire")
	db.nonceConn.syncErr.Store(&failed)
	if _, err := db.UseNonces(ctx, []store.Nonce{{AccessKeyID: "k", Value: "n", Expires: time.Now().Add(time.Hour)}}); !errors.Is(err, failed) {
		t.Errorf("UseNonces while checkpoints fail = %v, want the failure", err)
	}
}
