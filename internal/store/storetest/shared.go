package storetest

import (
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// RunShared runs the part of the contract about several stores on one database: a server
// restarting (one store closed, another opened) and nodes sharing a database (several open at
// once). newDatabase must create a fresh, empty database for each call and return a function
// that opens a store on it, which the test may close and which is closed when the test ends
// (closing twice is harmless); subtests run in parallel.
func RunShared(t *testing.T, newDatabase func(t *testing.T) (open func(t *testing.T) store.Store)) {
	tests := []struct {
		name string
		fn   func(t *testing.T, open func(t *testing.T) store.Store)
	}{
		{"NoncesAfterReopen", testNoncesAfterReopen},
		{"NoncesAcrossStores", testNoncesAcrossStores},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, newDatabase(t))
		})
	}
}

// testNoncesAfterReopen: a nonce recorded before a restart is still a replay after it.
func testNoncesAfterReopen(t *testing.T, open func(t *testing.T) store.Store) {
	future := time.Now().Add(time.Hour)
	first := open(t)
	useNonces(t, first, nonce("k1", "n1", future), nonce("k1", "n2", future))
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second := open(t)
	got := useNonces(t, second, nonce("k1", "n1", future), nonce("k1", "n3", future), nonce("k1", "n2", future))
	same(t, "fresh after reopening", got, []bool{false, true, false})
}

// testNoncesAcrossStores: batches sent through several stores at once (nodes of one database)
// record each shared nonce exactly once.
func testNoncesAcrossStores(t *testing.T, open func(t *testing.T) store.Store) {
	concurrentNonceBatches(t, []store.Store{open(t), open(t), open(t)})
}
