package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print Rampart's version and the Go toolchain that built it",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			version := "(devel)"
			goVersion := "unknown"
			if info, ok := debug.ReadBuildInfo(); ok {
				goVersion = info.GoVersion
				if v := info.Main.Version; v != "" {
					version = v
				}
			}
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "rampart %s (%s)\n", version, goVersion)
			return err
		},
	}
}
