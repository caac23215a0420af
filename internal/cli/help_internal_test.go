package cli

import (
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
