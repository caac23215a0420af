package e2e_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"

	"github.com/rampart-iam/rampart/internal/store/sqlstore"
)

// TestCrashLosesNoAcknowledgedWrite kills `rampart serve` with SIGKILL at a random moment while
// 16 clients create and delete users through the SDK, restarts it on the same data, and checks
// that every acknowledged write survived: users whose creation was acknowledged exist, users
// whose deletion was acknowledged do not. A write in flight at the kill may have landed or not;
// its user is not checked. After the last round the SQLite file passes integrity_check.
func TestCrashLosesNoAcknowledgedWrite(t *testing.T) {
	const (
		rounds  = 20
		writers = 16
	)
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))

	data := filepath.Join(t.TempDir(), "data")
	want := map[string]bool{} // user name → must exist (true) or must not (false)
	for round := range rounds {
		s := startAPIOn(t, data)
		verifyUsers(t, s, want, round)

		acked := runWriters(t, s, writers, round, time.Duration(50+rng.IntN(400))*time.Millisecond)
		for name, exists := range acked {
			want[name] = exists
		}
	}
	s := startAPIOn(t, data)
	verifyUsers(t, s, want, rounds)
	if code := s.stop(t, 10*time.Second); code != 0 {
		t.Fatalf("exit code %d after SIGTERM", code)
	}

	db, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(data, "rampart.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(context.Background()); err != nil {
		t.Fatalf("integrity check after %d crashes: %v", rounds, err)
	}
	created := 0
	for _, exists := range want {
		if exists {
			created++
		}
	}
	t.Logf("%d rounds, %d users checked (%d present, %d deleted)", rounds, len(want), created, len(want)-created)
}

// runWriters lets each writer create users and delete the one it made before, until the server
// is killed after d. It returns the last acknowledged state of every user a writer touched and
// whose last operation was acknowledged.
func runWriters(t *testing.T, s *apiServer, writers, round int, d time.Duration) map[string]bool {
	t.Helper()
	var (
		mu    sync.Mutex
		acked = map[string]bool{}
		wg    sync.WaitGroup
	)
	for w := range writers {
		client := s.ramClient(t, s.root)
		client.GetConfig().WithAutoRetry(false).WithTimeout(5 * time.Second)
		wg.Go(func() {
			prev := ""
			for n := 0; ; n++ {
				name := fmt.Sprintf("w%d-r%d-%d", w, round, n)
				req := ram.CreateCreateUserRequest()
				req.UserName = name
				if _, err := client.CreateUser(req); err != nil {
					return // the server is gone; name's fate is unknown, so it is not checked
				}
				mu.Lock()
				acked[name] = true
				mu.Unlock()
				if prev != "" {
					del := ram.CreateDeleteUserRequest()
					del.UserName = prev
					mu.Lock()
					delete(acked, prev) // in flight: unknown until acknowledged
					mu.Unlock()
					if _, err := client.DeleteUser(del); err != nil {
						return
					}
					mu.Lock()
					acked[prev] = false
					mu.Unlock()
				}
				prev = name
			}
		})
	}
	select {
	case <-s.done:
		t.Fatalf("round %d: the server exited before it was killed:\n%s", round, s.logs)
	case <-time.After(d):
	}
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-s.done
	wg.Wait()
	return acked
}

// verifyUsers lists every user and compares with want.
func verifyUsers(t *testing.T, s *apiServer, want map[string]bool, round int) {
	t.Helper()
	have := userNames(t, s.ramClient(t, s.root), 0)
	for name, exists := range want {
		if have[name] != exists {
			t.Fatalf("after crash %d: user %s exists=%v, but its last acknowledged write says %v", round, name, have[name], exists)
		}
	}
}

// userNames lists every user, page by page, at revision rev or later (0: at whatever revision
// the node has).
func userNames(t *testing.T, client *ram.Client, rev int64) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	marker := ""
	for {
		req := ram.CreateListUsersRequest()
		if rev > 0 {
			req = atRevision(req, rev)
		}
		req.MaxItems = "1000"
		req.Marker = marker
		resp := call(t, client.ListUsers, req)
		for _, u := range resp.Users.User {
			names[u.UserName] = true
		}
		if !resp.IsTruncated {
			return names
		}
		marker = resp.Marker
	}
}
