package workload_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/bench/workload"
)

func TestGenerateIsDeterministic(t *testing.T) {
	c := workload.Scale(1)
	a, b := workload.Generate(c), workload.Generate(c)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("same config, different workloads (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(workload.Requests(a, 100, 1), workload.Requests(b, 100, 1)); diff != "" {
		t.Fatalf("same seed, different requests (-first +second):\n%s", diff)
	}
	c.Seed++
	if cmp.Equal(a, workload.Generate(c)) {
		t.Fatal("a different seed gave the same workload")
	}
}

// TestGenerateShape checks the workload against the specification.
func TestGenerateShape(t *testing.T) {
	for _, x := range []int{1, 10} {
		w := workload.Generate(workload.Scale(x))
		if len(w.Users) != 1000*x || len(w.Policies) != 200*x {
			t.Errorf("%dx: %d users, %d policies; want %d and %d", x, len(w.Users), len(w.Policies), 1000*x, 200*x)
		}
		services := map[string]int{}
		for _, a := range w.Actions {
			svc, _, _ := strings.Cut(a, ":")
			services[svc]++
		}
		if len(w.Actions) != 50 || len(services) != 5 {
			t.Errorf("%dx: %d actions over %d services, want 50 over 5", x, len(w.Actions), len(services))
		}
		for i, u := range w.Users {
			seen := map[int]bool{}
			for _, p := range u.Policies {
				seen[p] = true
			}
			if len(u.Policies) != 5 || len(seen) != 5 {
				t.Errorf("%dx: user %d has policies %v, want 5 distinct", x, i, u.Policies)
				break
			}
		}
		var statements, denies, conditions int
		kinds := map[string]int{}
		for _, p := range w.Policies {
			if n := len(p.Statements); n < 3 || n > 8 {
				t.Errorf("%dx: %s has %d statements, want 3 to 8", x, p.Name, n)
			}
			for _, s := range p.Statements {
				statements++
				if s.Effect == workload.Deny {
					denies++
				}
				if s.Condition != nil {
					conditions++
				}
				for _, a := range s.Actions {
					kinds[actionKind(a)]++
				}
				for _, pat := range append(append([]string{}, s.Actions...), s.Resources...) {
					if strings.ContainsAny(pat, `?"\`) {
						t.Errorf("%dx: pattern %q uses a character not every engine treats alike", x, pat)
					}
				}
			}
		}
		share := func(n int) float64 { return float64(n) / float64(statements) }
		if d := share(denies); d < 0.17 || d > 0.23 {
			t.Errorf("%dx: %.3f of statements deny, want about 0.20", x, d)
		}
		if c := share(conditions); c < 0.08 || c > 0.12 {
			t.Errorf("%dx: %.3f of statements have conditions, want about 0.10", x, c)
		}
		for _, k := range []string{"exact", "prefix", "suffix", "infix", "service", "all"} {
			if kinds[k] == 0 {
				t.Errorf("%dx: no %s action pattern", x, k)
			}
		}
		t.Logf("%dx: %d statements; action patterns %v", x, statements, kinds)
	}
}

// actionKind classifies an action pattern as the issue names them.
func actionKind(p string) string {
	_, name, _ := strings.Cut(p, ":")
	switch {
	case p == "*":
		return "all"
	case name == "*":
		return "service"
	case !strings.Contains(name, "*"):
		return "exact"
	case strings.HasPrefix(name, "*") && strings.HasSuffix(name, "*"):
		return "infix"
	case strings.HasPrefix(name, "*"):
		return "suffix"
	}
	return "prefix"
}

// TestRequestMix checks that the request stream exercises every outcome in realistic shares.
func TestRequestMix(t *testing.T) {
	for _, x := range []int{1, 10} {
		w := workload.Generate(workload.Scale(x))
		reqs := workload.Requests(w, 10000, 1)
		var m workload.Mix
		for i := range reqs {
			o, _ := workload.Evaluate(w, &reqs[i])
			m.Add(o)
		}
		t.Logf("%dx: %v", x, m)
		for _, o := range []workload.Outcome{workload.Allowed, workload.ExplicitDeny, workload.ImplicitDeny} {
			if s := m.Share(o); s < 0.10 || s > 0.80 {
				t.Errorf("%dx: %v is %.1f%% of requests, want 10%% to 80%%", x, o, 100*s)
			}
		}
	}
}
