package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rampart-iam/rampart/policy"
)

func newPolicyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Check RAM policy documents and evaluate requests against them, offline",
		Long: `Work with RAM policy documents without a server: check them for mistakes, and ask what
a set of policies decides for a request and which statements decide it.

The policy language is Alibaba Cloud RAM's: {"Version":"1","Statement":[...]} with Effect,
Action/NotAction, Resource/NotResource, Condition and, in trust policies, Principal. Actions
match case-insensitively, resources case-sensitively; "*" matches any run of characters and
"?" one. Any explicit Deny wins; otherwise a matching Allow allows; otherwise the request is
implicitly denied. See the package documentation of github.com/rampart-iam/rampart/policy.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPolicyValidateCommand(), newPolicyEvalCommand())
	return cmd
}

// kindFlag parses the --kind of the command name ("policy eval").
func kindFlag(name, s string, allowed ...policy.Kind) (policy.Kind, error) {
	for _, k := range allowed {
		if s == k.String() {
			return k, nil
		}
	}
	names := make([]string, len(allowed))
	for i, k := range allowed {
		names[i] = k.String()
	}
	return 0, usagef("%s: --kind %q: want %s", name, s, strings.Join(names, ", "))
}

func newPolicyValidateCommand() *cobra.Command {
	var kind string
	var maxLength int
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check policy documents and report every problem with its position",
		Long: `Check each FILE as a policy document of the given kind and print "FILE: ok" for a good
one, or one line per problem:

  FILE:LINE:COLUMN: JSON-POINTER: MESSAGE

for example

  policy.json:4:16: /Statement/0/Effect: invalid value "Alow": want "Allow" or "Deny"

Every problem is reported, not just the first: unknown elements and operators (with the
closest valid name), duplicate keys, missing or conflicting elements, values of the wrong type
(numbers and booleans must be quoted), malformed addresses, dates and numbers in conditions,
and documents over the length limit.

Exit status: 0 when every file is valid, 1 when any has problems, 2 when a file cannot be read
or the command line is wrong.`,
		Example: `  rampart policy validate policies/*.json
  rampart policy validate --kind trust role-trust.json`,
		Args: argsOf(1, -1),
		RunE: func(cmd *cobra.Command, files []string) error {
			k, err := kindFlag("policy validate", kind, policy.Identity, policy.Trust, policy.Session)
			if err != nil {
				return err
			}
			if maxLength < 0 {
				return usagef("policy validate: --max-length %d: must not be negative (0: no limit)", maxLength)
			}
			return validateFiles(cmd.OutOrStdout(), cmd.ErrOrStderr(), files, k, maxLength)
		},
	}
	f := cmd.Flags()
	f.StringVar(&kind, "kind", "identity", "kind of document: identity, trust (a role's trust policy) or session")
	f.IntVar(&maxLength, "max-length", policy.DefaultMaxLength, "longest document accepted, in characters (0: no limit)")
	return cmd
}

func validateFiles(stdout, stderr io.Writer, files []string, kind policy.Kind, maxLength int) error {
	problems, unreadable := false, false
	for _, file := range files {
		doc, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(stderr, "rampart: %v\n", err)
			unreadable = true
			continue
		}
		_, err = policy.Parse(doc, policy.WithName(file), policy.WithKind(kind), policy.WithMaxLength(maxLength))
		if err != nil {
			problems = true
			fmt.Fprintln(stdout, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", file)
	}
	switch {
	case unreadable:
		return exitCodeError(exitUsage)
	case problems:
		return exitCodeError(exitError)
	}
	return nil
}

// evalFlags are the flags of `policy eval`.
type evalFlags struct {
	policies, sessions, context []string
	action, resource            string
	principal, principalType    string
	kind                        string
	maxLength                   int
}

func newPolicyEvalCommand() *cobra.Command {
	var fl evalFlags
	cmd := &cobra.Command{
		Use:   "eval --policy FILE [--policy FILE...] --action ACTION --resource ARN [flags]",
		Short: "Decide a request against policy documents and show which statements matched",
		Long: `Evaluate one request against the policies in the --policy files and print the decision
as JSON:

  {"decision":"Allow","matched":[{"policy":"FILE","statement":0,"sid":"...","effect":"Allow"}]}

decision is Allow, ExplicitDeny or ImplicitDeny; matched lists every statement whose action,
resource, principal and conditions all matched (Allow and Deny alike), in the order the files
were given, then by statement index; sid is left out when the statement has none.

With --session-policy, the request must also be allowed by the session policies, as for an STS
role session: Allow only if both sets allow, ExplicitDeny if either denies. It narrows identity
policies only, so it does not go with --kind trust.

--context KEY=VALUE adds a condition key (acs:SourceIp, acs:CurrentTime, oss:Prefix, ...);
repeat a key to give it several values. Policy variables such as ${acs:PrincipalName} in
resources take their value from the context too.

--kind trust evaluates trust policies (a role's AssumeRolePolicyDocument): give the caller with
--principal; --resource is then optional. The principal's type is taken from its form unless
--principal-type says otherwise: an identity-provider ARN (saml-provider/, oidc-provider/) is
federated, another acs: ARN is a RAM identity, anything else a service such as
ecs.aliyuncs.com.

Exit status: 0 whatever the decision; 2 when a file cannot be read, a policy is invalid (its
problems are printed on standard error) or the command line is wrong.`,
		Example: `  rampart policy eval --policy dev.json --action ecs:RunInstances \
    --resource acs:ecs:cn-hangzhou:123456789012:instance/i-1 --context acs:SourceIp=10.0.0.8

  rampart policy eval --policy role.json --session-policy session.json \
    --action oss:GetObject --resource acs:oss:*:123456789012:reports/q1.csv

  rampart policy eval --kind trust --policy trust.json --action sts:AssumeRole \
    --principal acs:ram::123456789012:user/alice`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return evalPolicies(cmd.OutOrStdout(), cmd.ErrOrStderr(), &fl)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&fl.policies, "policy", nil, "policy document to evaluate (repeatable)")
	f.StringArrayVar(&fl.sessions, "session-policy", nil, "session policy the request must also satisfy (repeatable)")
	f.StringVar(&fl.action, "action", "", "action, such as ecs:RunInstances")
	f.StringVar(&fl.resource, "resource", "", "resource ARN, such as acs:ecs:cn-hangzhou:123456789012:instance/i-1")
	f.StringArrayVar(&fl.context, "context", nil, "condition key and value, KEY=VALUE (repeatable; repeat a key for several values)")
	f.StringVar(&fl.principal, "principal", "", "who asks: a RAM ARN, a service name or an identity-provider ARN")
	f.StringVar(&fl.principalType, "principal-type", "", "type of --principal: ram, service or federated (default: from its form)")
	f.StringVar(&fl.kind, "kind", "identity", "kind of the --policy documents: identity or trust")
	f.IntVar(&fl.maxLength, "max-length", policy.DefaultMaxLength, "longest document accepted, in characters (0: no limit)")
	return cmd
}

// evalResult is the JSON that `policy eval` prints.
type evalResult struct {
	Decision string      `json:"decision"`
	Matched  []evalMatch `json:"matched"`
}

type evalMatch struct {
	Policy    string `json:"policy"`
	Statement int    `json:"statement"`
	Sid       string `json:"sid,omitempty"`
	Effect    string `json:"effect"`
}

func evalPolicies(stdout, stderr io.Writer, fl *evalFlags) error {
	kind, err := kindFlag("policy eval", fl.kind, policy.Identity, policy.Trust)
	if err != nil {
		return err
	}
	req, err := evalRequest(fl, kind)
	if err != nil {
		return err
	}
	ps, err := readPolicies(stderr, fl.policies, kind, fl.maxLength)
	if err != nil {
		return err
	}
	e := policy.NewEvaluator(ps...)
	if len(fl.sessions) > 0 {
		ss, err := readPolicies(stderr, fl.sessions, policy.Session, fl.maxLength)
		if err != nil {
			return err
		}
		e = e.Intersect(policy.NewEvaluator(ss...))
	}
	d := e.Evaluate(req)
	out := evalResult{Decision: d.Outcome.String(), Matched: []evalMatch{}}
	for _, m := range d.Matches() {
		out.Matched = append(out.Matched, evalMatch{
			Policy: m.Policy.Name(), Statement: m.Statement, Sid: m.Sid(), Effect: m.Effect().String(),
		})
	}
	return json.NewEncoder(stdout).Encode(out)
}

// evalRequest builds the request from the flags, checking them.
func evalRequest(fl *evalFlags, kind policy.Kind) (*policy.Request, error) {
	switch {
	case len(fl.policies) == 0:
		return nil, usagef("policy eval: --policy FILE is required")
	case fl.action == "":
		return nil, usagef("policy eval: --action is required")
	case fl.resource == "" && kind != policy.Trust:
		return nil, usagef("policy eval: --resource is required (except with --kind trust)")
	case fl.maxLength < 0:
		return nil, usagef("policy eval: --max-length %d: must not be negative (0: no limit)", fl.maxLength)
	case len(fl.sessions) > 0 && kind == policy.Trust:
		return nil, usagef("policy eval: --session-policy narrows identity policies, not a trust policy (--kind trust)")
	}
	req := &policy.Request{Action: fl.action, Resource: fl.resource, Principal: fl.principal}
	for _, kv := range fl.context {
		key, value, ok := strings.Cut(kv, "=")
		if !ok || key == "" {
			return nil, usagef("policy eval: --context %q: want KEY=VALUE", kv)
		}
		req.Context.Add(key, value)
	}
	if fl.principal == "" {
		if fl.principalType != "" {
			return nil, usagef("policy eval: --principal-type needs --principal")
		}
		return req, nil
	}
	switch fl.principalType {
	case "":
		req.PrincipalType = principalTypeOf(fl.principal)
	case "ram":
		req.PrincipalType = policy.PrincipalRAM
	case "service":
		req.PrincipalType = policy.PrincipalService
	case "federated":
		req.PrincipalType = policy.PrincipalFederated
	default:
		return nil, usagef("policy eval: --principal-type %q: want ram, service or federated", fl.principalType)
	}
	return req, nil
}

// principalTypeOf guesses a principal's type from its form.
func principalTypeOf(p string) policy.PrincipalType {
	switch {
	case strings.HasPrefix(p, "acs:") && (strings.Contains(p, ":saml-provider/") || strings.Contains(p, ":oidc-provider/")):
		return policy.PrincipalFederated
	case strings.HasPrefix(p, "acs:"):
		return policy.PrincipalRAM
	}
	return policy.PrincipalService
}

// readPolicies reads and parses files; a file that cannot be read or parsed is a usage error,
// reported on stderr with every problem.
func readPolicies(stderr io.Writer, files []string, kind policy.Kind, maxLength int) ([]*policy.Policy, error) {
	ps := make([]*policy.Policy, 0, len(files))
	failed := false
	for _, file := range files {
		doc, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(stderr, "rampart: %v\n", err)
			failed = true
			continue
		}
		p, err := policy.Parse(doc, policy.WithName(file), policy.WithKind(kind), policy.WithMaxLength(maxLength))
		if err != nil {
			var list policy.ErrorList
			if !errors.As(err, &list) {
				return nil, err
			}
			fmt.Fprintln(stderr, list)
			failed = true
			continue
		}
		ps = append(ps, p)
	}
	if failed {
		return nil, exitCodeError(exitUsage)
	}
	return ps, nil
}
