package policy_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/policy"
)

// TestActionCase checks that actions of every length match their policy's lower-cased name
// whatever their case, and only it: the engine lower-cases requests eight bytes at a time, with
// the last word overlapping, and anything not ASCII the slow way.
func TestActionCase(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const letters = "abcdefghijklmnopqrstuvwxyz@[`{"
	for n := 1; n <= 40; n++ {
		name := make([]byte, n)
		for i := range name {
			name[i] = letters[r.IntN(len(letters))]
		}
		for _, odd := range []string{"", "ä"} { // and once with a non-ASCII letter at a random place
			want := string(name)
			if odd != "" {
				i := r.IntN(n + 1)
				want = want[:i] + odd + want[i:]
			}
			action := "svc:" + want
			e := policy.NewEvaluator(parseOrFail(t, stmtDoc(`{"Effect":"Allow","Action":`+mustJSON(t, action)+`,"Resource":"*"}`)))
			for range 5 {
				variant := []rune(action)
				for i := range variant {
					if r.IntN(2) == 0 {
						variant[i] = []rune(strings.ToUpper(string(variant[i])))[0]
					}
				}
				if !e.Evaluate(&policy.Request{Action: string(variant)}).Allowed() {
					t.Errorf("%q does not match %q", string(variant), action)
				}
				other := []rune(string(variant))
				i := 4 + r.IntN(len(other)-4)
				other[i] = '~'
				if e.Evaluate(&policy.Request{Action: string(other)}).Allowed() {
					t.Errorf("%q matches %q", string(other), action)
				}
			}
		}
	}
}
