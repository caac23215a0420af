package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestHelpListsEveryFlag: no command accepts a flag its --help leaves out. A hidden flag can
// still be set, from the command line or as RAMPART_<FLAG>, without the user ever reading of it.
func TestHelpListsEveryFlag(t *testing.T) {
	root := newRootCommand(func(string) (string, bool) { return "", false })
	addCompletionCommand(root)
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Hidden {
				t.Errorf("%s accepts --%s but its --help does not list it", c.CommandPath(), f.Name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// TestHelpIsNotAnEnvironmentVariable: RAMPART_HELP, which cannot show any help (cobra answers
// --help before the environment is read), does not break the command it is set for.
func TestHelpIsNotAnEnvironmentVariable(t *testing.T) {
	env := func(name string) (string, bool) {
		if name == "RAMPART_HELP" {
			return "yes please", true
		}
		return "", false
	}
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"version"}, &stdout, &stderr, env); code != 0 || !strings.HasPrefix(stdout.String(), "rampart ") {
		t.Errorf("RAMPART_HELP set: exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}
