// Package cli is Rampart's command layer: it parses flags and RAMPART_* environment variables,
// builds the concrete stores, servers and clients, and wires them together. It is the only
// package that reads configuration from the outside world; everything below it takes plain values.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Exit codes shared by every subcommand.
const (
	exitOK    = 0
	exitError = 1 // the command ran and failed (or found problems, for `policy validate`)
	exitUsage = 2 // the command line itself was wrong
)

// usageError marks an error in how the command was invoked, so Main exits with exitUsage.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// exitCodeError lets a command choose its exit code after it has already printed its output.
type exitCodeError int

func (e exitCodeError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// Main runs the rampart command line with args (without the program name) and returns the
// process exit code. getenv supplies RAMPART_* variables; Main passes os.LookupEnv.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return run(ctx, args, stdout, stderr, os.LookupEnv)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	root := newRootCommand(lookupEnv)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	addCompletionCommand(root)

	cmd, err := root.ExecuteContextC(ctx)
	var topic helpTopicError
	if errors.As(err, &topic) {
		cmd, err = topic.near, usageError{topic.err}
	}
	var code exitCodeError
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &code):
		return int(code)
	case errors.As(err, &usage) || isCobraUsageError(err):
		fmt.Fprintf(stderr, "rampart: %v\n", err)
		// The help of the command that ran lists its flags; the root's would not.
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
		return exitUsage
	default:
		fmt.Fprintf(stderr, "rampart: %v\n", err)
		return exitError
	}
}

// isCobraUsageError recognises the argument errors cobra produces itself (unknown command,
// wrong number of arguments), which it does not type.
func isCobraUsageError(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") ||
		strings.HasPrefix(msg, "accepts ") ||
		strings.HasPrefix(msg, "requires at least") ||
		strings.HasPrefix(msg, "requires at most")
}

func newRootCommand(lookupEnv func(string) (string, bool)) *cobra.Command {
	root := &cobra.Command{
		Use:   "rampart",
		Short: "Rampart: self-hosted permission management for an AI platform",
		Long: `Rampart manages who may do what on an AI platform, the way Alibaba Cloud RAM, STS and
PAI do: RAM users, groups, roles and AccessKeys; system and custom policies; PAI workspaces
and their member roles; and the service roles through which platform modules reach other
services. It speaks RAM's wire protocol, so the official Alibaba Cloud SDKs work against it.

Every flag but --help can also be set with an environment variable RAMPART_<FLAG>, upper case
with dashes turned into underscores (--postgres-dsn becomes RAMPART_POSTGRES_DSN). A flag given
on the command line wins over the environment.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return bindEnv(cmd, lookupEnv)
		},
	}
	root.AddCommand(
		newVersionCommand(),
		newPolicyCommand(),
		newServeCommandWithAPI(lookupEnv),
		newBackupCommand(),
	)
	root.AddCommand(newAPICommands(lookupEnv)...)
	root.AddCommand(newAuthzCommand(lookupEnv))
	root.AddCommand(newPAICommand(lookupEnv), newServiceCommand(lookupEnv))
	root.SetHelpCommand(newHelpCommand())
	return root
}

// addCompletionCommand adds cobra's `completion` now rather than when root executes, where it
// would answer a misspelt shell with its help and exit status 0: like every other group, it
// then refuses one. It writes the scripts to root's output as it is when called.
func addCompletionCommand(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	if completion, _, err := root.Find([]string{"completion"}); err == nil && completion != root {
		grouping(completion)
	}
}

// helpTopicError is `rampart help` asked about a command that does not exist; near is the
// deepest command that does, whose help lists what there is.
type helpTopicError struct {
	err  error
	near *cobra.Command
}

func (e helpTopicError) Error() string { return e.err.Error() }

// newHelpCommand is `rampart help [command]`, which prints the same help as `rampart command
// --help`. cobra's own answers an unknown topic with the root's usage and exit status 0.
func newHelpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help prints the help of a command, as 'rampart COMMAND --help' does: rampart help [command path].",
		ValidArgsFunction: func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []cobra.Completion
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
					names = append(names, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil {
				return helpTopicError{err, c.Root()}
			}
			// An API command (rampart ram) takes its action as an argument, and its help lists
			// every action; below any other command, what is left names no command.
			if len(rest) > 0 && !cmd.DisableFlagParsing {
				return helpTopicError{fmt.Errorf("unknown command %q for %q", rest[0], cmd.CommandPath()), cmd}
			}
			cmd.InitDefaultHelpFlag() // listed among the flags, as under --help
			return cmd.Help()
		},
	}
}

// grouping makes cmd, which only groups subcommands, print its help when run alone and refuse
// anything else: below the root, cobra would otherwise answer a misspelt subcommand with the
// help and exit status 0.
func grouping(cmd *cobra.Command) *cobra.Command {
	cmd.Args = cobra.NoArgs
	cmd.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	return cmd
}

// noArgs is the Args of a command that takes no arguments and has no subcommands. cobra.NoArgs
// would call an argument an unknown command, which misleads: `rampart pai activate OSS` lacks
// --service, not a subcommand.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q; its options are flags (see --help)", commandName(cmd), args[0])
	}
	return nil
}

// argsOf is the Args of a command that takes one argument (1, 1), at most one (0, 1) or at
// least one (1, -1), of the kind its Use line names after the command's name ("create
// SERVICE-PRINCIPAL"): a wrong count then says what is wanted, not only how many.
func argsOf(min, max int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		name := "argument"
		if f := strings.Fields(cmd.Use); len(f) > 1 {
			name = strings.Trim(f[1], "[].")
		}
		switch {
		case len(args) < min:
			return usagef("%s: missing %s", commandName(cmd), name)
		case max >= 0 && len(args) > max:
			return usagef("%s: too many arguments (%d); it takes one %s", commandName(cmd), len(args), name)
		}
		return nil
	}
}

// commandName is cmd's path without the program's name, which Main's "rampart: " prefix
// already gives: "pai activate".
func commandName(cmd *cobra.Command) string {
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

// bindEnv sets every flag of cmd that the command line left alone from RAMPART_<FLAG>. --help
// is not one of them: cobra has acted on it before this runs, so RAMPART_HELP could show no help,
// only refuse every command over a value that is not a boolean.
func bindEnv(cmd *cobra.Command, lookupEnv func(string) (string, bool)) error {
	var errs []error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Changed || f.Name == "help" {
			return
		}
		name := envName(f.Name)
		v, ok := lookupEnv(name)
		if !ok {
			return
		}
		if err := f.Value.Set(v); err != nil {
			errs = append(errs, usagef("%s=%q: %v", name, v, err))
			return
		}
		f.Changed = true
	})
	return errors.Join(errs...)
}

// envName is the environment variable that sets flag: RAMPART_ plus the flag's name in upper
// case with dashes as underscores.
func envName(flag string) string {
	return "RAMPART_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}
