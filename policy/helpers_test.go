package policy_test

import (
	"strconv"
	"testing"

	"github.com/rampart-iam/rampart/policy"
)

// parseOrFail parses doc, failing the test with every problem when it does not parse.
func parseOrFail(t testing.TB, doc string, opts ...policy.Option) *policy.Policy {
	t.Helper()
	p, err := policy.Parse([]byte(doc), opts...)
	if err != nil {
		t.Fatalf("Parse(%s):\n%v", doc, err)
	}
	return p
}

// matchLabels renders a decision's matches as "name#index:Effect" for comparison.
func matchLabels(d *policy.Decision) []string {
	var out []string
	for _, m := range d.Matches() {
		out = append(out, m.Policy.Name()+"#"+strconv.Itoa(m.Statement)+":"+m.Effect().String())
	}
	return out
}

// stmtDoc wraps statements (JSON text) into a version-1 document.
func stmtDoc(statements string) string {
	return `{"Version":"1","Statement":[` + statements + `]}`
}
