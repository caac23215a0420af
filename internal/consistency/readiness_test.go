package consistency_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/consistency"
)

func TestReadinessAllowsBoundedLag(t *testing.T) {
	var stored, snap int64
	var storeErr error
	now := time.Unix(1_700_000_000, 0)
	r := consistency.NewReadiness(5*time.Second,
		func(context.Context) (int64, error) { return stored, storeErr },
		func() int64 { return snap },
		func() time.Time { return now })
	steps := []struct {
		name         string
		advance      time.Duration
		stored, snap int64
		storeErr     error
		wantErr      string // "" means ready
	}{
		{"caught up", 0, 10, 10, nil, ""},
		{"just behind", time.Second, 12, 10, nil, ""},
		{"still lacking 12 after 4.9s", 4900 * time.Millisecond, 12, 11, nil, ""},
		{"still lacking 12 after 5s", 100 * time.Millisecond, 13, 11, nil, "has lacked revision 13 of the store for 5s"},
		// Reaching 12 proves it moves: the count starts again from 13, first seen now.
		{"reached 12, behind 13", time.Second, 13, 12, nil, ""},
		{"under steady writes it keeps up", 4 * time.Second, 20, 13, nil, ""},
		{"", 4 * time.Second, 30, 20, nil, ""},
		{"", 4 * time.Second, 40, 30, nil, ""},
		{"stuck", 5 * time.Second, 40, 30, nil, "snapshot at revision 30 has lacked revision 40"},
		{"store unreachable", 0, 40, 40, errors.New("connection refused"), "connection refused"},
		{"recovered", 0, 40, 40, nil, ""},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		stored, snap, storeErr = s.stored, s.snap, s.storeErr
		err := r.Check(context.Background())
		switch {
		case s.wantErr == "" && err != nil:
			t.Errorf("step %d %s: not ready: %v", i, s.name, err)
		case s.wantErr != "" && (err == nil || !strings.Contains(err.Error(), s.wantErr)):
			t.Errorf("step %d %s: Check = %v, want %q", i, s.name, err, s.wantErr)
		}
	}
}
