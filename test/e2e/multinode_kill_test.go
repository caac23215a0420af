package e2e_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// TestMultiNodeKill kills one of three nodes with SIGKILL while two writers per node create users
// and delete the one they made before. Every write acknowledged before the kill must be there
// afterwards, read through the surviving nodes with the highest acknowledged revision as the
// token; the surviving nodes must keep acknowledging writes and answering decisions; and the
// killed node, started again on the same database, must read the same.
func TestMultiNodeKill(t *testing.T) {
	c := startCluster(t, 3)
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	victim := rng.IntN(len(c.nodes))

	var (
		log        ackLog
		killed     atomic.Bool
		afterKill  atomic.Int64 // writes the survivors acknowledged after the kill
		stop       = make(chan struct{})
		wg         sync.WaitGroup
		survivorMu sync.Mutex
		survivor   []string // failures of surviving nodes
	)
	for node := range c.nodes {
		for writer := range 2 {
			client := c.nodes[node].ramClient(t, c.nodes[node].root)
			client.GetConfig().WithAutoRetry(false).WithTimeout(5 * time.Second)
			wg.Go(func() {
				err := writeUntil(client, &log, fmt.Sprintf("k%d-%d-", node+1, writer), stop, func() {
					if killed.Load() {
						afterKill.Add(1)
					}
				})
				if err != nil && node != victim {
					survivorMu.Lock()
					survivor = append(survivor, fmt.Sprintf("node %d: %v", node+1, err))
					survivorMu.Unlock()
				}
			})
		}
	}
	time.Sleep(time.Duration(200+rng.IntN(400)) * time.Millisecond)
	if err := c.nodes[victim].cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-c.nodes[victim].done
	killed.Store(true)
	time.Sleep(300 * time.Millisecond) // the survivors keep writing
	close(stop)
	wg.Wait()

	for _, f := range survivor {
		t.Errorf("a surviving node failed a write: %s", f)
	}
	if afterKill.Load() == 0 {
		t.Errorf("the surviving nodes acknowledged no write after node %d was killed", victim+1)
	}
	want, rev := log.final()
	t.Logf("node %d killed; %d users checked, %d writes acknowledged after the kill, up to revision %d",
		victim+1, len(want), afterKill.Load(), rev)
	d := decider{hc: &http.Client{Timeout: 10 * time.Second}, as: multiNodeRoot}
	defer d.hc.CloseIdleConnections()
	for i, n := range c.nodes {
		if i == victim {
			continue
		}
		verifyUsersAt(t, fmt.Sprintf("surviving node %d", i+1), n.ramClient(t, n.root), want, rev)
		check := map[string]any{"principal": "acs:ram::" + n.account + ":root", "action": "ram:GetUser", "resource": "*"}
		if a, err := d.check(n.URL, check, rev, tokenField); err != nil || a.Decision != "Allow" {
			t.Errorf("surviving node %d, decision at revision %d: %+v %v", i+1, rev, a, err)
		}
	}
	again := c.start(t)
	verifyUsersAt(t, fmt.Sprintf("node %d started again", victim+1), again.ramClient(t, again.root), want, rev)
}

// ackLog records writes as they are acknowledged: the last acknowledged state of each user
// (exists or not) and the highest revision acknowledged. A write in flight is forgotten until
// acknowledged: its fate at a kill is unknown.
type ackLog struct {
	mu    sync.Mutex
	state map[string]bool
	rev   int64
}

func (l *ackLog) set(name string, exists bool, rev int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state == nil {
		l.state = map[string]bool{}
	}
	l.state[name] = exists
	l.rev = max(l.rev, rev)
}

func (l *ackLog) forget(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.state, name)
}

func (l *ackLog) final() (map[string]bool, int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state, l.rev
}

// writeUntil creates users named prefix<n> and deletes each one's predecessor, logging every
// acknowledged write and calling acked after it, until stop is closed (nil) or a write fails
// (its error).
func writeUntil(client *ram.Client, log *ackLog, prefix string, stop <-chan struct{}, acked func()) error {
	prev := ""
	for n := 0; ; n++ {
		select {
		case <-stop:
			return nil
		default:
		}
		name := fmt.Sprintf("%s%d", prefix, n)
		req := ram.CreateCreateUserRequest()
		req.UserName = name
		resp, err := client.CreateUser(req)
		if err != nil {
			return fmt.Errorf("create %s: %w", name, err)
		}
		rev, err := writeRevision(resp)
		if err != nil {
			return err
		}
		log.set(name, true, rev)
		acked()
		if prev != "" {
			del := ram.CreateDeleteUserRequest()
			del.UserName = prev
			log.forget(prev)
			resp, err := client.DeleteUser(del)
			if err != nil {
				return fmt.Errorf("delete %s: %w", prev, err)
			}
			rev, err := writeRevision(resp)
			if err != nil {
				return err
			}
			log.set(prev, false, rev)
			acked()
		}
		prev = name
	}
}

// verifyUsersAt lists every user at revision rev or later and compares with want.
func verifyUsersAt(t *testing.T, who string, client *ram.Client, want map[string]bool, rev int64) {
	t.Helper()
	have := userNames(t, client, rev)
	missing, resurrected := 0, 0
	for name, exists := range want {
		switch {
		case exists && !have[name]:
			missing++
			if missing <= 5 {
				t.Errorf("%s: user %s, whose creation was acknowledged, is missing", who, name)
			}
		case !exists && have[name]:
			resurrected++
			if resurrected <= 5 {
				t.Errorf("%s: user %s, whose deletion was acknowledged, exists", who, name)
			}
		}
	}
	if missing+resurrected > 10 {
		t.Errorf("%s: %d acknowledged creations missing, %d acknowledged deletions undone", who, missing, resurrected)
	}
}
