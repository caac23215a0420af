package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// newAuthzCommand is `rampart authz`: the decision API from the command line.
func newAuthzCommand(lookupEnv func(string) (string, bool)) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "authz",
		Short: "Ask the decision API whether a principal may perform an action",
		Long: `Ask a running server's decision API (/authz/v1) the question the platform's services ask:
may this principal perform this action on this resource, here? The answer combines the
principal's RAM policies and its PAI workspace roles, exactly as Rampart's own APIs decide.

The credentials must be the account's root or hold rampart:Authorize.`,
	}
	cmd.AddCommand(newAuthzCheckCommand(lookupEnv))
	return grouping(cmd)
}

// authzCheckFlags are the flags of `authz check`.
type authzCheckFlags struct {
	principal, action, resource, resourceGroup, workspace string
	accessibility, creator                                string
	context                                               []string
	minRevision                                           int64
	explain                                               bool
	creds                                                 apiCredentials
	secret                                                string
	profile                                               string
}

func newAuthzCheckCommand(lookupEnv func(string) (string, bool)) *cobra.Command {
	var fl authzCheckFlags
	cmd := &cobra.Command{
		Use:   "check --principal ARN --action ACTION --resource ARN [flags]",
		Short: "Decide one request for a principal and print the decision with its reasons",
		Long: `Send one check to the decision API and print its answer as indented JSON, such as:

  {
    "decision": "Allow",
    "by": "workspace-role",
    "reasons": ["workspace role PAI.AlgoDeveloper in workspace 100 grants PaiDLC:CreateJob"],
    "principal": "acs:ram::1234567890123456:user/alice",
    "revision": 42
  }

decision is Allow, ExplicitDeny or ImplicitDeny; by says what decided (ram, default,
workspace-role, member-service-grant or none); principal is the caller the decision is for;
revision is the state it reflects. With --explain the answer also lists every RAM statement
and workspace role consulted and why each matched or not.

--workspace-id names the PAI workspace the resource is in, so the principal's workspace roles
apply; --accessibility (PUBLIC or PRIVATE) and --creator (a UID) describe the resource for
rules limited to public or to one's own resources. --context KEY=VALUE adds a condition key;
repeat a key to give it several values.

Credentials come from --access-key-id and --access-key-secret, else RAMPART_ACCESS_KEY_ID and
RAMPART_ACCESS_KEY_SECRET, else the profile file (see 'rampart ram --help'). Exit status: 0
whatever the decision; 1 when the server answers with an error; 2 for a wrong command line.`,
		Example: `  rampart authz check --principal acs:ram::1234567890123456:user/alice \
    --action paidlc:CreateJob --resource 'acs:paidlc:cn-hangzhou:1234567890123456:workspace/100/*' \
    --workspace-id 100

  rampart authz check --explain --principal acs:ram::1234567890123456:user/alice \
    --action oss:GetObject --resource acs:oss:*:1234567890123456:bucket/key --context acs:SourceIp=10.0.0.8`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runAuthzCheck(cmd, &fl, lookupEnv)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.principal, "principal", "", "who asks: acs:ram::<account>:user/<name>, a role or the root")
	f.StringVar(&fl.action, "action", "", "RAM action, such as paidlc:CreateJob")
	f.StringVar(&fl.resource, "resource", "", "resource ARN")
	f.StringVar(&fl.resourceGroup, "resource-group-id", "", "resource group of the resource (default: the workspace's)")
	f.StringVar(&fl.workspace, "workspace-id", "", "PAI workspace the resource is in")
	f.StringVar(&fl.accessibility, "accessibility", "", "the resource's accessibility: PUBLIC or PRIVATE")
	f.StringVar(&fl.creator, "creator", "", "UID of the resource's creator")
	f.StringArrayVar(&fl.context, "context", nil, "condition key and value, KEY=VALUE (repeatable)")
	f.Int64Var(&fl.minRevision, "min-revision", 0, "answer only from revision N or later")
	f.BoolVar(&fl.explain, "explain", false, "list every statement and role consulted")
	f.StringVar(&fl.creds.AccessKeyID, "access-key-id", "", "AccessKeyId to sign with")
	f.StringVar(&fl.secret, "access-key-secret", "", "its AccessKeySecret")
	f.StringVar(&fl.creds.SecurityToken, "security-token", "", "SecurityToken of STS credentials")
	f.StringVar(&fl.profile, "profile", "", "credentials file (default ~/.rampart/credentials)")
	f.StringVar(&fl.creds.Endpoint, "endpoint", "", "server to call (default http://127.0.0.1:8080)")
	return cmd
}

func runAuthzCheck(cmd *cobra.Command, fl *authzCheckFlags, lookupEnv func(string) (string, bool)) error {
	switch {
	case fl.principal == "":
		return usagef("--principal is required")
	case fl.action == "":
		return usagef("--action is required")
	case fl.resource == "":
		return usagef("--resource is required")
	}
	ctx := map[string][]string{}
	for _, kv := range fl.context {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return usagef("--context %q: want KEY=VALUE", kv)
		}
		ctx[k] = append(ctx[k], v)
	}
	fl.creds.AccessKeySecret = secrets.Secret(fl.secret)
	creds, err := resolveCredentials(fl.creds, fl.profile, lookupEnv)
	if err != nil {
		return err
	}
	body, err := json.Marshal(map[string]any{
		"principal": fl.principal, "action": fl.action, "resource": fl.resource, "resourceGroupId": fl.resourceGroup,
		"workspaceId": fl.workspace, "accessibility": fl.accessibility, "creator": fl.creator, "context": ctx,
		"minRevision": fl.minRevision,
	})
	if err != nil {
		return err
	}
	path := "/authz/v1/check"
	if fl.explain {
		path = "/authz/v1/explain"
	}
	c := &client.Client{Endpoint: creds.Endpoint, AccessKeyID: creds.AccessKeyID, AccessKeySecret: creds.AccessKeySecret,
		SecurityToken: creds.SecurityToken, HTTP: &http.Client{Timeout: 60 * time.Second}}
	resp, err := c.CallROA(cmd.Context(), http.MethodPost, path, nil, body, "application/json")
	if err != nil {
		return fmt.Errorf("authz check: %w", err)
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
