package workload_test

import (
	"testing"

	"github.com/rampart-iam/rampart/bench/workload"
)

func TestOutcomeAgrees(t *testing.T) {
	const (
		imp = workload.ImplicitDeny
		exp = workload.ExplicitDeny
		yes = workload.Allowed
		no  = workload.Denied
	)
	tests := []struct {
		a, b workload.Outcome
		want bool
	}{
		{imp, imp, true}, {exp, exp, true}, {yes, yes, true}, {no, no, true},
		{imp, exp, false}, {imp, yes, false}, {exp, yes, false},
		{no, imp, true}, {exp, no, true}, {no, yes, false}, {yes, no, false},
	}
	for _, tt := range tests {
		if got := tt.a.Agrees(tt.b); got != tt.want {
			t.Errorf("%v.Agrees(%v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestMixShare(t *testing.T) {
	var m workload.Mix
	for _, o := range []workload.Outcome{workload.Allowed, workload.Allowed, workload.ExplicitDeny,
		workload.ImplicitDeny, workload.Denied} {
		m.Add(o)
	}
	if got := m.Share(workload.Allowed); got != 0.5 {
		t.Errorf("Share(Allowed) = %v, want 0.5", got)
	}
	if got, want := m.String(), "Allow 50.0%, ExplicitDeny 25.0%, ImplicitDeny 25.0% of 4"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
