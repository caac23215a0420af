package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// apiCommandHelp is what a product command says about itself beyond its list of actions.
type apiCommandHelp struct {
	short, long, example string
}

// newAPICommands returns one command per RPC product Rampart serves (rampart ram, rampart sts,
// ...), each calling that product's actions like the aliyun CLI: the action, then its
// parameters under their API names.
func newAPICommands(lookupEnv func(string) (string, bool)) []*cobra.Command {
	var cmds []*cobra.Command
	for _, p := range openapi.Catalog() {
		cmds = append(cmds, newAPICommand(p, apiHelp(p), lookupEnv))
	}
	return cmds
}

// apiHelp is the help of a product's command (ram.go, sts.go).
func apiHelp(p openapi.ProductDoc) apiCommandHelp {
	switch p.Command {
	case "ram":
		return apiCommandHelp{ramShort, ramLong, ramExample}
	case "sts":
		return apiCommandHelp{stsShort, stsLong, stsExample}
	case "resourcemanager":
		return apiCommandHelp{resourceManagerShort, resourceManagerLong, resourceManagerExample}
	}
	return apiCommandHelp{short: "Call " + p.Name + " actions"}
}

// The command's own options, spelled in lower case so they never collide with an API
// parameter (whose names start with a capital letter).
const apiFlagsHelp = `Flags:
  --access-key-id ID          AccessKeyId to sign with (RAMPART_ACCESS_KEY_ID)
  --access-key-secret SECRET  its AccessKeySecret (RAMPART_ACCESS_KEY_SECRET)
  --security-token TOKEN      SecurityToken of STS credentials (RAMPART_SECURITY_TOKEN)
  --profile FILE              credentials file (RAMPART_PROFILE; default ~/.rampart/credentials)
  --endpoint URL              server to call (RAMPART_ENDPOINT; default http://127.0.0.1:8080)
  -h, --help                  this help

Credentials come from the flags, else the environment, else the profile file. The file is JSON,
such as the root-credentials.json that the first start of 'rampart serve' writes:
  {"AccessKeyId": "LTAI...", "AccessKeySecret": "...", "Endpoint": "http://127.0.0.1:8080"}
or INI, at the top or under [default]:
  access_key_id = LTAI...
  access_key_secret = ...
  endpoint = http://127.0.0.1:8080

Parameters are given as --Name value or --Name=value, with the API's names and values (booleans
as true/false). The result is printed as indented JSON; an error response is printed to stderr
and the command exits with status 1.
`

func newAPICommand(p openapi.ProductDoc, help apiCommandHelp, lookupEnv func(string) (string, bool)) *cobra.Command {
	cmd := &cobra.Command{
		Use:                p.Command + " <Action> [--Parameter value ...]",
		Short:              help.short,
		Long:               help.long,
		Example:            help.example,
		DisableFlagParsing: true, // parameters are the API's, not ours: parsed in runAPICall
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAPICall(cmd, p, args, lookupEnv)
		},
	}
	cmd.SetHelpFunc(func(cmd *cobra.Command, _ []string) { writeAPIHelp(cmd.OutOrStdout(), cmd, p) })
	return cmd
}

func writeAPIHelp(w io.Writer, cmd *cobra.Command, p openapi.ProductDoc) {
	if cmd.Long != "" {
		fmt.Fprintf(w, "%s\n\n", strings.TrimSpace(cmd.Long))
	}
	fmt.Fprintf(w, "Usage:\n  rampart %s\n\nActions (API version %s):\n", cmd.Use, p.Version)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, a := range p.Actions {
		fmt.Fprintf(tw, "  %s\t%s\n", a.Name, a.Summary)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%s", apiFlagsHelp)
	if cmd.Example != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", cmd.Example)
	}
}

// apiCall is a parsed command line: the action, its parameters and the command's own options.
type apiCall struct {
	action  string
	params  map[string]string
	creds   apiCredentials
	profile string
	help    bool
}

// parseAPIArgs reads <Action> [--Name value | --Name=value]... The action is the one word that
// is not a flag's value, so the command's own options may also come before it.
func parseAPIArgs(args []string) (apiCall, error) {
	c := apiCall{params: map[string]string{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-h" || a == "--help" || a == "help" && i == 0 {
			c.help = true
			continue
		}
		if !strings.HasPrefix(a, "--") {
			if c.action != "" {
				return c, usagef("unexpected argument %q: parameters are given as --Name value", a)
			}
			c.action = a
			continue
		}
		name, value, hasValue := strings.Cut(a[2:], "=")
		if !hasValue {
			if i+1 >= len(args) {
				return c, usagef("--%s needs a value", name)
			}
			i++
			value = args[i]
		}
		switch name {
		case "access-key-id":
			c.creds.AccessKeyID = value
		case "access-key-secret":
			c.creds.AccessKeySecret = secrets.Secret(value)
		case "security-token":
			c.creds.SecurityToken = value
		case "endpoint":
			c.creds.Endpoint = value
		case "profile":
			c.profile = value
		case "":
			return c, usagef("a parameter name is missing after --")
		default:
			if _, dup := c.params[name]; dup {
				return c, usagef("--%s is given twice", name)
			}
			c.params[name] = value
		}
	}
	return c, nil
}

func runAPICall(cmd *cobra.Command, p openapi.ProductDoc, args []string, lookupEnv func(string) (string, bool)) error {
	call, err := parseAPIArgs(args)
	if err != nil {
		return err
	}
	if call.action == "" || call.help {
		writeAPIHelp(cmd.OutOrStdout(), cmd, p)
		return nil
	}
	if !hasAction(p, call.action) {
		return usagef("%s has no action %q; run 'rampart %s --help' for the list", p.Command, call.action, p.Command)
	}
	creds, err := resolveCredentials(call.creds, call.profile, lookupEnv)
	if err != nil {
		return err
	}
	c := &client.Client{Endpoint: creds.Endpoint, AccessKeyID: creds.AccessKeyID, AccessKeySecret: creds.AccessKeySecret,
		SecurityToken: creds.SecurityToken, HTTP: &http.Client{Timeout: 60 * time.Second}}
	resp, err := c.Call(cmd.Context(), p.Version, call.action, call.params)
	if err != nil {
		return fmt.Errorf("%s %s: %w", p.Command, call.action, err)
	}
	out := cmd.OutOrStdout()
	if !resp.OK() {
		out = cmd.ErrOrStderr()
	}
	if _, err := out.Write(pretty(resp.Body)); err != nil {
		return err
	}
	if !resp.OK() {
		return exitCodeError(exitError)
	}
	return nil
}

func hasAction(p openapi.ProductDoc, name string) bool {
	for _, a := range p.Actions {
		if a.Name == name {
			return true
		}
	}
	return false
}

// pretty indents a JSON body; anything else (Format=XML) is printed as it came, with a final
// newline.
func pretty(body []byte) []byte {
	body = bytes.TrimSpace(body)
	var b bytes.Buffer
	if json.Indent(&b, body, "", "  ") != nil {
		b.Reset()
		b.Write(body)
	}
	b.WriteByte('\n')
	return b.Bytes()
}
