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
		{"completion", "bogus"},
	} {
		code, stdout, stderr := runMain(args...)
		want := `unknown command "bogus" for "rampart`
		if code != 2 || stdout != "" || !strings.Contains(stderr, want) {
			t.Errorf("rampart %s: exit %d, stdout %q, stderr %q; want exit 2 and %q on stderr",
				strings.Join(args, " "), code, stdout, stderr, want)
		}
	}
}

// An argument given to a command that takes none is called that, not an unknown command: the
// user of `rampart pai activate OSS` meant --service OSS, not a subcommand.
func TestUnexpectedArgument(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "OSS"},
		{"version", "OSS"},
		{"backup", "OSS"},
		{"policy", "eval", "OSS"},
		{"authz", "check", "OSS"},
		{"pai", "activate", "OSS"},
		{"pai", "authorize", "OSS"},
		{"pai", "dependent-services", "OSS"},
	} {
		code, _, stderr := runMain(args...)
		want := "rampart: " + strings.Join(args[:len(args)-1], " ") + ` takes no arguments, got "OSS"`
		if code != 2 || !strings.Contains(stderr, want) || strings.Contains(stderr, "unknown command") {
			t.Errorf("rampart %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(args, " "), code, stderr, want)
		}
	}
}

// A usage error points at the help of the command that was run, where its flags are listed,
// not at the top level's.
func TestUsageErrorPointsAtTheCommandsHelp(t *testing.T) {
	for _, tt := range []struct {
		args []string
		help string
	}{
		{[]string{"pai", "authorize", "--modul", "EAS"}, "rampart pai authorize"},
		{[]string{"authz", "bogus"}, "rampart authz"},
		{[]string{"ram", "GetUser", "--UserName"}, "rampart ram"},
		{[]string{"serve", "--listen", "nope"}, "rampart serve"},
		{[]string{"bogus"}, "rampart"},
	} {
		code, _, stderr := runMain(tt.args...)
		want := "Run '" + tt.help + " --help' for usage.\n"
		if code != 2 || !strings.HasSuffix(stderr, want) {
			t.Errorf("rampart %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(tt.args, " "), code, stderr, want)
		}
	}
}

// A wrong number of arguments names the argument that is missing or extra.
func TestArgumentCount(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"service", "credentials", "create"}, "rampart: service credentials create: missing SERVICE-PRINCIPAL"},
		{[]string{"service", "credentials", "create", "a.aliyuncs.com", "b.aliyuncs.com"},
			"rampart: service credentials create: too many arguments (2); it takes one SERVICE-PRINCIPAL"},
		{[]string{"service", "credentials", "delete"}, "rampart: service credentials delete: missing ACCESS-KEY-ID"},
		{[]string{"service", "credentials", "list", "a", "b"},
			"rampart: service credentials list: too many arguments (2); it takes one SERVICE-PRINCIPAL"},
		{[]string{"policy", "validate"}, "rampart: policy validate: missing FILE"},
	} {
		code, _, stderr := runMain(tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("rampart %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
	}
}

// `rampart help X` prints what `rampart X --help` prints, and an unknown topic is a usage error
// that points at the help of the nearest command, not the root's usage with exit status 0.
func TestHelpCommand(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"serve"},
		{"policy", "eval"},
		{"ram"},
		{"ram", "CreateUser"},
		{"authz", "check"},
		{"service", "credentials", "list"},
	} {
		code, stdout, stderr := runMain(append([]string{"help"}, args...)...)
		_, want, _ := runMain(append(args, "--help")...)
		if code != 0 || stdout != want || stderr != "" {
			t.Errorf("rampart help %s: exit %d, stderr %q, stdout equal to --help's: %t; want exit 0 and --help's output",
				strings.Join(args, " "), code, stderr, stdout == want)
		}
	}
	for _, tt := range []struct {
		args       []string
		want, help string
	}{
		{[]string{"bogus"}, `unknown command "bogus" for "rampart"`, "rampart"},
		{[]string{"policy", "bogus"}, `unknown command "bogus" for "rampart policy"`, "rampart policy"},
		{[]string{"serve", "bogus"}, `unknown command "bogus" for "rampart serve"`, "rampart serve"},
	} {
		code, stdout, stderr := runMain(append([]string{"help"}, tt.args...)...)
		hint := "Run '" + tt.help + " --help' for usage.\n"
		if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) || !strings.HasSuffix(stderr, hint) {
			t.Errorf("rampart help %s: exit %d, stdout %q, stderr %q; want exit 2, %q and %q",
				strings.Join(tt.args, " "), code, stdout, stderr, tt.want, hint)
		}
	}
}

// `rampart completion SHELL` writes its script to the output Main was given.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		code, stdout, stderr := runMain("completion", shell)
		if code != 0 || !strings.Contains(stdout, "rampart") || stderr != "" {
			t.Errorf("rampart completion %s: exit %d, stderr %q, %d bytes of script; want exit 0 and a script",
				shell, code, stderr, len(stdout))
		}
	}
}
