package workload

import "fmt"

// Outcome is an engine's answer to a request.
type Outcome uint8

// Outcomes. Denied is for engines whose fast path cannot say why a request was refused.
const (
	ImplicitDeny Outcome = iota // no statement allowed it
	ExplicitDeny                // a Deny statement matched
	Allowed                     // an Allow statement matched and no Deny did
	Denied                      // refused, without saying whether explicitly
)

func (o Outcome) String() string {
	switch o {
	case ImplicitDeny:
		return "ImplicitDeny"
	case ExplicitDeny:
		return "ExplicitDeny"
	case Allowed:
		return "Allow"
	case Denied:
		return "Deny"
	}
	return "Outcome(?)"
}

// Agrees reports whether two engines' outcomes are consistent: equal, or Denied that does not
// say why against either kind of denial.
func (o Outcome) Agrees(p Outcome) bool {
	if o == p {
		return true
	}
	denied := func(x Outcome) bool { return x != Allowed }
	return (o == Denied || p == Denied) && denied(o) && denied(p)
}

// Mix counts outcomes, to show that a request stream exercises every path.
type Mix [3]int

// Add counts one outcome (Denied is not counted: it carries no kind).
func (m *Mix) Add(o Outcome) {
	if o <= Allowed {
		m[o]++
	}
}

// Share returns the fraction of counted outcomes equal to o.
func (m *Mix) Share(o Outcome) float64 {
	total := m[0] + m[1] + m[2]
	if total == 0 || o > Allowed {
		return 0
	}
	return float64(m[o]) / float64(total)
}

func (m Mix) String() string {
	return fmt.Sprintf("Allow %.1f%%, ExplicitDeny %.1f%%, ImplicitDeny %.1f%% of %d",
		100*m.Share(Allowed), 100*m.Share(ExplicitDeny), 100*m.Share(ImplicitDeny), m[0]+m[1]+m[2])
}
