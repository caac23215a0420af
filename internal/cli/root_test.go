package cli_test

import (
	"strings"
	"testing"
)

// A misspelt subcommand is a usage error at every level, not a silent help page.
func TestUnknownSubcommand(t *testing.T) {
	for _, args := range [][]string{
		{"bogus"},
		{"policy", "bogus"},
		{"authz", "bogus"},
		{"pai", "bogus"},
		{"service", "bogus"},
		{"service", "credentials", "bogus"},
	} {
		code, stdout, stderr := runMain(args...)
		want := `unknown command "bogus" for "rampart`
		if code != 2 || stdout != "" || !strings.Contains(stderr, want) {
			t.Errorf("rampart %s: exit %d, stdout %q, stderr %q; want exit 2 and %q on stderr",
				strings.Join(args, " "), code, stdout, stderr, want)
		}
	}
}
