package policy_test

import (
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
