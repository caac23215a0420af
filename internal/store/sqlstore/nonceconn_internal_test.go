package sqlstore

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestNonceConnSync: the nonce connection syncs its first commit, then at most one commit per
// nonceSyncEvery (and whenever the clock went backwards), and commits the others without an
// fsync; a failed commit does not count as synced.
func TestNonceConnSync(t *testing.T) {
	db, err := OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "rampart.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := db.nonceConn
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// synchronous: 1 is NORMAL, 2 is FULL.
	for _, step := range []struct {
		name      string
		at        time.Duration
		committed bool
		want      int
	}{
		{"first commit", 0, true, 2},
		{"soon after", 10 * time.Millisecond, true, 1},
		{"still within the interval", nonceSyncEvery - time.Millisecond, true, 1},
		{"an interval after the synced one", nonceSyncEvery, false, 2},
		{"that commit failed, so the next syncs", nonceSyncEvery + time.Millisecond, true, 2},
		{"then not", nonceSyncEvery + 2*time.Millisecond, true, 1},
		{"the clock went back", 0, true, 2},
	} {
		committed, err := c.beginCommit(context.Background(), start.Add(step.at))
		if err != nil {
			t.Fatal(err)
		}
		var got int
		if err := c.sql.QueryRow("PRAGMA synchronous").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != step.want {
			t.Errorf("%s: synchronous = %d, want %d", step.name, got, step.want)
		}
		if step.committed {
			committed()
		}
	}
}
