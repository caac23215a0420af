package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/policy"
)

func TestContext(t *testing.T) {
	var c policy.Context
	if _, ok := c.Lookup("acs:SourceIp"); ok {
		t.Errorf("the zero Context has a key")
	}
	c.Set("acs:SourceIp", "10.0.0.1")
	c.Add("oss:Prefix", "a/")
	c.Add("OSS:prefix", "b/", "c/")
	values := []string{"x"}
	c.Set("acs:TagKeys", values...)
	values[0] = "changed" // Set copies
	c.Set("ACS:SOURCEIP", "10.0.0.2")

	tests := []struct {
		key  string
		want []string
		ok   bool
	}{
		{"acs:sourceip", []string{"10.0.0.2"}, true},
		{"oss:Prefix", []string{"a/", "b/", "c/"}, true},
		{"acs:TagKeys", []string{"x"}, true},
		{"acs:MFAPresent", nil, false},
	}
	for _, tt := range tests {
		got, ok := c.Lookup(tt.key)
		if ok != tt.ok || !cmp.Equal(got, tt.want) {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
	if diff := cmp.Diff([]string{"acs:SourceIp", "oss:Prefix", "acs:TagKeys"}, c.Keys()); diff != "" {
		t.Errorf("Keys() (-want +got):\n%s", diff)
	}
}

// TestContextAddDoesNotAlias checks that Add never writes into a slice a caller passed to Set.
func TestContextAddDoesNotAlias(t *testing.T) {
	var c policy.Context
	c.Set("k", "a")
	first, _ := c.Lookup("k")
	c.Add("k", "b")
	c.Add("k", "c")
	if diff := cmp.Diff([]string{"a"}, first); diff != "" {
		t.Errorf("an earlier Lookup result changed (-want +got):\n%s", diff)
	}
	if got, _ := c.Lookup("k"); !cmp.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("Lookup = %q", got)
	}
}

// TestContextKeyCase checks that keys match exactly when strings.ToLower makes them equal,
// whichever of the two is ASCII, lower-case or neither.
func TestContextKeyCase(t *testing.T) {
	tests := []struct{ set, lookup string }{
		{"acs:SourceIp", "acs:SourceIp"},
		{"acs:SourceIp", "ACS:SOURCEIP"},
		{"acs:SourceIp", "acs:sourceip"},
		{"acs:sourceip", "acs:SourceIP"},
		{"acs:SourceIp", "acs:SourceIq"},
		{"acs:SourceIp", "acs:SourceI"},
		{"a@", "A`"},                // '@' and '`' are one case bit away from 'A'-'Z', but no letters
		{"acs:\u212Aey", "ACS:KEY"}, // the Kelvin sign lower-cases to 'k'
		{"ACS:KEY", "acs:\u212Aey"},
		{"acs:\u212Aey", "acs:key"},
		{"\u0130", "i\u0307"}, // a dotted capital I lower-cases to i and a combining dot
		{"\u00c9t\u00e9", "\u00e9T\u00c9"},
		{"", ""},
		{"", "a"},
		{"A", ""},
	}
	for _, tt := range tests {
		want := strings.ToLower(tt.set) == strings.ToLower(tt.lookup)
		for _, grow := range []int{0, 4} {
			var c policy.Context
			c.Grow(grow)
			c.Set("other", "o")
			c.Set(tt.set, "v")
			if _, ok := c.Lookup(tt.lookup); ok != want {
				t.Errorf("Set(%q), Lookup(%q): found %v, want %v", tt.set, tt.lookup, ok, want)
			}
			c.Set(tt.lookup, "w")
			if n := len(c.Keys()); want != (n == 2) {
				t.Errorf("Set(%q), Set(%q): %d keys, want a second key only when they differ", tt.set, tt.lookup, n)
			}
		}
	}
}

// FuzzContextKey holds key matching to strings.ToLower, the function that lower-cases the keys
// of policy conditions.
func FuzzContextKey(f *testing.F) {
	f.Add("acs:SourceIp", "ACS:sourceIP")
	f.Add("acs:\u212Aey", "ACS:KEY")
	f.Add("x", "y")
	f.Fuzz(func(t *testing.T, set, lookup string) {
		var c policy.Context
		c.Set(set, "v")
		_, ok := c.Lookup(lookup)
		if want := strings.ToLower(set) == strings.ToLower(lookup); ok != want {
			t.Errorf("Set(%q), Lookup(%q): found %v, want %v", set, lookup, ok, want)
		}
	})
}

// TestContextGrow checks that after Grow(n), setting n keys of one value each allocates
// nothing, and that values set next to each other stay apart.
func TestContextGrow(t *testing.T) {
	keys := []string{"acs:SourceIp", "acs:CurrentTime", "acs:SecureTransport", "acs:AccessId", "oss:prefix"}
	allocs := testing.AllocsPerRun(100, func() {
		var c policy.Context
		c.Grow(len(keys))
		for _, k := range keys {
			c.Set(k, "v")
		}
	})
	if allocs > 2 && !raceEnabled { // Grow's own: the keys and their values
		t.Errorf("Grow then Set allocate %v times, want at most 2", allocs)
	}

	var c policy.Context
	c.Grow(4)
	c.Set("a", "1")
	c.Set("b", "2")
	first, _ := c.Lookup("a")
	c.Add("a", "x")
	_ = append(first, "y") // callers must not, but even so the next key's values stay intact
	c.Set("c")
	tests := []struct {
		key  string
		want []string
	}{{"a", []string{"1", "x"}}, {"b", []string{"2"}}, {"c", nil}}
	for _, tt := range tests {
		if got, ok := c.Lookup(tt.key); !ok || !cmp.Equal(got, tt.want) {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.key, got, ok, tt.want)
		}
	}
}

// BenchmarkContextSet measures building a signed request's context: nine keys of one value,
// as a verifier sets them.
func BenchmarkContextSet(b *testing.B) {
	keys := []string{"acs:SourceIp", "acs:CurrentTime", "acs:SecureTransport", "acs:AccessId",
		"acs:UserAgent", "acs:PrincipalARN", "acs:MFAPresent", "acs:AccountId", "acs:PrincipalName"}
	for _, grow := range []bool{false, true} {
		b.Run(fmt.Sprintf("grow=%v", grow), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var c policy.Context
				if grow {
					c.Grow(len(keys))
				}
				for _, k := range keys {
					c.Set(k, "value")
				}
			}
		})
	}
}
