package policy_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/policy"
)

// The engine matches resource patterns from a compact encoding with a path per shape (exact,
// prefix, suffix, infix, prefix and suffix, literals between stars, "*", and the compiled glob
// for "?", variables and oversized patterns). These tests reach every path through Evaluate.

func TestResourcePatternShapes(t *testing.T) {
	long := strings.Repeat("x", 70000) // longer than a literal's 16-bit length
	manyStars := strings.Repeat("a*", 300) + "b"
	tests := []struct {
		name, element string
		patterns      []string
		resource      string
		want          bool
	}{
		{"exact", "Resource", []string{"acs:ecs:cn:1:instance/i-1"}, "acs:ecs:cn:1:instance/i-1", true},
		{"exact, other", "Resource", []string{"acs:ecs:cn:1:instance/i-1"}, "acs:ecs:cn:1:instance/i-12", false},
		{"prefix", "Resource", []string{"acs:ecs:cn:1:*"}, "acs:ecs:cn:1:instance/i", true},
		{"prefix, shorter", "Resource", []string{"acs:ecs:cn:1:*"}, "acs:ecs:cn:1", false},
		{"suffix", "Resource", []string{"*/i-1"}, "acs:ecs:cn:1:instance/i-1", true},
		{"suffix, other", "Resource", []string{"*/i-1"}, "acs:ecs:cn:1:instance/i-2", false},
		{"infix", "Resource", []string{"*:instance/*"}, "acs:ecs:cn:1:instance/i-1", true},
		{"infix, absent", "Resource", []string{"*:instance/*"}, "acs:ecs:cn:1:disk/d-1", false},
		{"prefix and suffix", "Resource", []string{"acs:ecs:*/i-1"}, "acs:ecs:cn:1:instance/i-1", true},
		{"prefix and suffix overlap", "Resource", []string{"ab*ba"}, "aba", false},
		{"literals", "Resource", []string{"acs:ecs:*:*:instance/*"}, "acs:ecs:cn:1:instance/i-1", true},
		{"literals, field missing", "Resource", []string{"acs:ecs:*:*:instance/*"}, "acs:ecs:cn:instance/i-1", false},
		{"literals, later colon", "Resource", []string{"acs:ecs:*:*:instance/*"}, "acs:ecs:cn:1:2:x:instance/i", true},
		{"literals, not colon-led", "Resource", []string{"acs:*/team-0*"}, "acs:ecs:cn:1:disk/team-01", true},
		{"literals, anchored end", "Resource", []string{"acs:*:*:1:*/x"}, "acs:ecs:cn:1:disk/x/y", false},
		{"literals, colon inside a literal", "Resource", []string{"acs:*n:1:*"}, "acs:ecs:cn:1:x", true},
		{"literals, colons in order", "Resource", []string{"acs:*:*:1:*"}, "acs:ecs:1:cn:x", false},
		{"literals, fewer colons", "Resource", []string{"acs:*:*:*:*:*"}, "acs:ecs:cn:1:x", false},
		{"literals, many", "Resource", []string{"a*:*:*:*:*:*:*:*:*:*z"}, "a:1:2:3:4:5:6:7:8:9:z", true},
		{"literals, many, one short", "Resource", []string{"a*:*:*:*:*:*:*:*:*:*z"}, "a:1:2:3:4:5:6:7:8z", false},
		{"literals, colons past 64 bytes", "Resource", []string{"acs:*:*:*:x"}, "acs:" + strings.Repeat("a", 70) + ":b:c:x", true},
		{"literals, colons past 64 bytes, one short", "Resource", []string{"acs:*:*:*:x"}, "acs:" + strings.Repeat("a", 70) + ":b:x", false},
		{"literals, colons either side of 64 bytes", "Resource", []string{"a*:b*:c*"}, "a" + strings.Repeat(":x", 40) + ":b:c", true},
		{"literals, more than 255 stars", "Resource", []string{manyStars}, strings.Repeat("a", 300) + "b", true},
		{"literals, more than 255 stars, no", "Resource", []string{manyStars}, strings.Repeat("a", 299) + "b", false},
		{"star", "Resource", []string{"acs:ecs:*:*:x", "*"}, "anything", true},
		{"question mark", "Resource", []string{"acs:ecs:?n:*"}, "acs:ecs:cn:1", true},
		{"long literal", "Resource", []string{"acs:" + long + "*"}, "acs:" + long + "/x", true},
		{"long literal, no", "Resource", []string{"acs:" + long + "*"}, "acs:" + long[1:] + "/x", false},
		{"second pattern", "Resource", []string{"acs:oss:*", "acs:ecs:*:*:*"}, "acs:ecs:cn:1:x", true},
		{"NotResource, matched", "NotResource", []string{"acs:oss:*", "acs:ecs:*:*:*"}, "acs:ecs:cn:1:x", false},
		{"NotResource, not matched", "NotResource", []string{"acs:oss:*", "acs:ecs:*:*:*"}, "acs:rds:cn:1:x", true},
		{"NotResource star", "NotResource", []string{"*"}, "acs:rds:cn:1:x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := stmtDoc(`{"Effect":"Allow","Action":"*",` + quote(tt.element) + ":" + mustJSON(t, tt.patterns) + `}`)
			p := parseOrFail(t, doc, policy.WithMaxLength(0))
			req := &policy.Request{Action: "ecs:RunInstances", Resource: tt.resource}
			if got := policy.NewEvaluator(p).Evaluate(req).Allowed(); got != tt.want {
				t.Errorf("allowed = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestResourcePatternsRandom puts many random star patterns, ARN-like and not, in one policy
// (a statement each) and checks, for random resources, that exactly the statements whose
// pattern a regular expression matches apply.
func TestResourcePatternsRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	tokens := []string{"a", "b", ":", ":", ":", "/", "ab", ":a", "-", "-", "*", "*", "*", "?", "ü",
		"acs:ecs:", "instance/", ":0123456789abcdef:x"} // literals of 8, 9-16 and over 16 bytes
	word := func(n int) string {
		var b strings.Builder
		for range 1 + r.IntN(n) {
			b.WriteString(tokens[r.IntN(len(tokens))])
		}
		return b.String()
	}
	for round := range 40 {
		patterns := make([]string, 60)
		oracles := make([]*regexp.Regexp, len(patterns))
		var stmts []string
		for i := range patterns {
			patterns[i] = word(10)
			oracles[i] = globOracle(patterns[i])
			stmts = append(stmts, `{"Effect":"Allow","Action":"*","Resource":`+mustJSON(t, patterns[i])+`}`)
		}
		e := policy.NewEvaluator(parseOrFail(t, stmtDoc(strings.Join(stmts, ",")), policy.WithMaxLength(0)))
		for range 100 {
			res := strings.NewReplacer("*", "", "?", "").Replace(word(14))
			if r.IntN(2) == 0 { // colons beyond the first 64 bytes, which are found differently
				res = strings.NewReplacer("-", strings.Repeat("-", 20)).Replace(res)
			}
			var want, got []int
			for i, o := range oracles {
				if o.MatchString(res) {
					want = append(want, i)
				}
			}
			d := e.Evaluate(&policy.Request{Action: "x:y", Resource: res})
			for _, m := range d.Matches() {
				got = append(got, m.Statement)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				for i, p := range patterns {
					t.Logf("statement %d: %q", i, p)
				}
				t.Fatalf("round %d, resource %q: matched %v, want %v", round, res, got, want)
			}
		}
	}
}
