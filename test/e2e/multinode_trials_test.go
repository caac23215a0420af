package e2e_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ram"
)

// trialWorkers run trials at once, each on its own users so that each knows exactly what its
// users hold; their writes interleave on the shared database.
const trialWorkers = 4

// trialTally counts what the trials saw.
type trialTally struct {
	trials, grants, revokes, checks, reads int
	lagging                                int // ServiceUnavailable.Lagging: allowed, never an old answer
	violations                             []string
}

func (a *trialTally) add(b trialTally) {
	a.trials += b.trials
	a.grants += b.grants
	a.revokes += b.revokes
	a.checks += b.checks
	a.reads += b.reads
	a.lagging += b.lagging
	a.violations = append(a.violations, b.violations...)
}

// testRevokeTrials runs n randomized trials: a random user of the worker's, a random policy and
// a random node; the write toggles the grant (attach if the user lacks the policy, detach if it
// holds it), and the other two nodes, asked in random order with the write's revision (as the
// minRevision field or the header, at random), must answer the new state: through the decision
// API, and through the RAM API listing the user's policies on one of them. A revoke honoured
// late, or a grant missed, is a violation; the test wants none. The seed is logged.
func testRevokeTrials(t *testing.T, w *grantWorld, n int) {
	seed := time.Now().UnixNano()
	t.Logf("seed %d, %d trials over %d workers", seed, n, trialWorkers)
	clients := make([][]*ram.Client, trialWorkers) // [worker][node]
	for i := range clients {
		for _, node := range w.c.nodes {
			c := node.ramClient(t, node.root)
			c.GetConfig().WithAutoRetry(false).WithTimeout(10 * time.Second)
			clients[i] = append(clients[i], c)
		}
	}
	var (
		mu    sync.Mutex
		tally trialTally
		wg    sync.WaitGroup
	)
	start := time.Now()
	for worker := range trialWorkers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(seed), uint64(worker)))
			var users []int
			for u := worker; u < len(w.users); u += trialWorkers {
				users = append(users, u)
			}
			got := w.runTrials(rng, clients[worker], users, n/trialWorkers+boolInt(worker < n%trialWorkers))
			mu.Lock()
			tally.add(got)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	t.Logf("%d trials (%d grants, %d revokes) in %v: %d decision checks, %d RAM reads, %d answered Lagging, %d violations",
		tally.trials, tally.grants, tally.revokes, elapsed.Round(time.Millisecond), tally.checks, tally.reads, tally.lagging, len(tally.violations))
	for i, v := range tally.violations {
		if i == 20 {
			t.Errorf("... and %d more", len(tally.violations)-i)
			break
		}
		t.Error(v)
	}
	if tally.trials != n {
		t.Errorf("%d trials ran, want %d", tally.trials, n)
	}
	// Lagging is an honest answer, but one a healthy loopback cluster should hardly ever give:
	// checks that all lag would make the trials prove nothing.
	if tally.lagging > tally.checks/100 {
		t.Errorf("%d of %d checks answered ServiceUnavailable.Lagging", tally.lagging, tally.checks)
	}
}

// runTrials runs n trials on users (indexes of w.users that nobody else writes) with clients, one
// per node. It stops at the first failure to write, which it reports as a violation.
func (w *grantWorld) runTrials(rng *rand.Rand, clients []*ram.Client, users []int, n int) trialTally {
	var tally trialTally
	held := make(map[[2]int]bool) // {user, policy} → attached; all start detached
	violate := func(format string, args ...any) {
		tally.violations = append(tally.violations, fmt.Sprintf(format, args...))
	}
	for range n {
		u, p, writer := users[rng.IntN(len(users))], rng.IntN(len(w.policies)), rng.IntN(len(clients))
		attach := !held[[2]int{u, p}]
		rev, err := w.grant(clients[writer], u, p, attach)
		if err != nil {
			violate("trial %d: write on node %d: %v", tally.trials, writer+1, err)
			return tally
		}
		held[[2]int{u, p}] = attach
		tally.trials++
		what := "revoke"
		if attach {
			tally.grants++
			what = "grant"
		} else {
			tally.revokes++
		}
		want := "ImplicitDeny"
		if attach {
			want = "Allow"
		}
		others := otherNodes(rng, len(clients), writer)
		for _, i := range others {
			token := tokenField + rng.IntN(2)
			a, err := w.decide.check(w.c.nodes[i].URL, w.checkOf(u, p), rev, token)
			tally.checks++
			switch {
			case err == nil && a.Status == http.StatusServiceUnavailable && a.Code == "ServiceUnavailable.Lagging":
				tally.lagging++
			case err != nil || a.Decision != want || a.Revision < rev:
				violate("trial %d: %s of %s to %s on node %d at revision %d, then node %d (token %d) answered %+v %v, want %s",
					tally.trials, what, w.policies[p], w.users[u], writer+1, rev, i+1, token, a, err, want)
			}
		}
		reader := others[0]
		names, err := w.policiesOf(clients[reader], u, rev)
		tally.reads++
		if want := w.heldBy(held, u); err != nil || !slices.Equal(sorted(names), want) {
			violate("trial %d: %s of %s to %s on node %d at revision %d, then node %d listed %v %v, want %v",
				tally.trials, what, w.policies[p], w.users[u], writer+1, rev, reader+1, names, err, want)
		}
	}
	return tally
}

// heldBy names the policies user u holds, sorted.
func (w *grantWorld) heldBy(held map[[2]int]bool, u int) []string {
	var names []string
	for p, name := range w.policies {
		if held[[2]int{u, p}] {
			names = append(names, name)
		}
	}
	return sorted(names)
}

// otherNodes is every node index but writer, in random order.
func otherNodes(rng *rand.Rand, nodes, writer int) []int {
	var out []int
	for _, i := range rng.Perm(nodes) {
		if i != writer {
			out = append(out, i)
		}
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
