package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rampart-iam/rampart/internal/client"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// newPAICommand is `rampart pai`: PAI's Activation & Authorization from the command line, over
// a running server's /authz/v1 API.
func newPAICommand(lookupEnv func(string) (string, bool)) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pai",
		Short: "Activate PAI and its dependent services, and authorize PAI's modules to reach them",
		Long: `PAI's "Activation & Authorization" on a running server: activate PAI and the cloud services
it depends on, see for every PAI module and dependent service whether the module may reach
it (the console's Dependent Services page), and authorize it.

Credentials come from --access-key-id and --access-key-secret, else RAMPART_ACCESS_KEY_ID and
RAMPART_ACCESS_KEY_SECRET, else the profile file (see 'rampart ram --help'). Exit status: 0 on
success; 1 when the server answers with an error (printed to stderr); 2 for a wrong command line.`,
	}
	cmd.AddCommand(newDependentServicesCommand(lookupEnv), newAuthorizeCommand(lookupEnv), newActivateCommand(lookupEnv))
	return grouping(cmd)
}

// roaFlags are the credential flags of commands that call /authz/v1.
type roaFlags struct {
	creds   apiCredentials
	secret  string
	profile string
}

func (f *roaFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.creds.AccessKeyID, "access-key-id", "", "AccessKeyId to sign with")
	fs.StringVar(&f.secret, "access-key-secret", "", "its AccessKeySecret")
	fs.StringVar(&f.creds.SecurityToken, "security-token", "", "SecurityToken of STS credentials")
	fs.StringVar(&f.profile, "profile", "", "credentials file (default ~/.rampart/credentials)")
	fs.StringVar(&f.creds.Endpoint, "endpoint", "", "server to call (default http://127.0.0.1:8080)")
}

// call sends one signed request and returns the body of a success; an error response is
// printed to stderr and becomes exit status 1.
func (f *roaFlags) call(cmd *cobra.Command, lookupEnv func(string) (string, bool), method, path string, body any) ([]byte, error) {
	f.creds.AccessKeySecret = secrets.Secret(f.secret)
	creds, err := resolveCredentials(f.creds, f.profile, lookupEnv)
	if err != nil {
		return nil, err
	}
	var raw []byte
	contentType := ""
	if body != nil {
		if raw, err = json.Marshal(body); err != nil {
			return nil, err
		}
		contentType = "application/json"
	}
	c := &client.Client{Endpoint: creds.Endpoint, AccessKeyID: creds.AccessKeyID, AccessKeySecret: creds.AccessKeySecret,
		SecurityToken: creds.SecurityToken, HTTP: &http.Client{Timeout: 60 * time.Second}}
	resp, err := c.CallROA(cmd.Context(), method, path, nil, raw, contentType)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if !resp.OK() {
		cmd.ErrOrStderr().Write(pretty(resp.Body))
		return nil, exitCodeError(exitError)
	}
	return resp.Body, nil
}

// dependentService is a row of GET /authz/v1/dependent-services, as the CLI prints it.
type dependentService struct {
	Module, Service, RoleName, RoleType, ServiceName, RolePolicy, ActivationPolicy, Action string
	Authorized, Activated                                                                  bool
}

func newDependentServicesCommand(lookupEnv func(string) (string, bool)) *cobra.Command {
	var f roaFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "dependent-services",
		Short: "Show, for every PAI module and dependent service, whether the module is authorized",
		Long: `Show the console's Activation & Authorization > Dependent Services: one row per PAI module and
cloud service it depends on, with whether the module may reach it, the role that serves it
(service-linked or service role), the service principal the role trusts, the role's policy,
the policy activating the service takes, and the action that fixes or shows it ("Authorize",
"View Authorization"). --json prints the API's answer as it is.

It needs ram:ListRoles (AliyunRAMReadOnlyAccess has it), or the account's root.`,
		Example: `  rampart pai dependent-services
  rampart pai dependent-services --json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			body, err := f.call(cmd, lookupEnv, http.MethodGet, "/authz/v1/dependent-services", nil)
			if err != nil {
				return err
			}
			if asJSON {
				_, err := cmd.OutOrStdout().Write(pretty(body))
				return err
			}
			var out struct{ DependentServices []dependentService }
			if err := json.Unmarshal(body, &out); err != nil {
				return fmt.Errorf("dependent-services: %w", err)
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "MODULE\tSERVICE\tAUTHORIZED\tROLE\tSERVICE NAME\tROLE POLICY\tACTIVATION POLICY\tACTION")
			for _, r := range out.DependentServices {
				role, principal, policy := dash(r.RoleName), dash(r.ServiceName), dash(r.RolePolicy)
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Module, r.Service, yesNo(r.Authorized), role, principal, policy,
					r.ActivationPolicy, r.Action)
			}
			return w.Flush()
		},
	}
	f.add(cmd.Flags())
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the API's JSON answer")
	return cmd
}

func newAuthorizeCommand(lookupEnv func(string) (string, bool)) *cobra.Command {
	var f roaFlags
	var module, service string
	cmd := &cobra.Command{
		Use:   "authorize --module MODULE --service SERVICE",
		Short: "Authorize a PAI module to reach a dependent service (create its role)",
		Long: `Authorize one row of Dependent Services: create the module's service-linked role
(CreateServiceLinkedRole; needs ram:CreateServiceLinkedRole for its service name) or its
service role with the trust policy and role policy it needs (needs ram:CreateRole and
ram:AttachPolicyToRole). Where no role serves the row, activate the dependent service instead
(needs its activation policy). Authorizing what is authorized changes nothing.

It prints the API's answer as indented JSON: the row as it is afterwards, under DependentService.`,
		Example: `  rampart pai authorize --module EAS --service OSS
  rampart pai authorize --module "AI asset management" --service ACR`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if module == "" || service == "" {
				return usagef("--module and --service are required")
			}
			body, err := f.call(cmd, lookupEnv, http.MethodPost, "/authz/v1/dependent-services/authorize",
				map[string]string{"Module": module, "Service": service})
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(pretty(body))
			return err
		},
	}
	f.add(cmd.Flags())
	cmd.Flags().StringVar(&module, "module", "", "PAI module: iTAG, Designer, DSW, DLC, AutoML, EAS, LangStudio, AI asset management")
	cmd.Flags().StringVar(&service, "service", "", "dependent service: OSS, MaxCompute, Flink, NAS, API Gateway, SLS, VPC, Cloud Monitor, OpenTelemetry, ACR")
	return cmd
}

func newActivateCommand(lookupEnv func(string) (string, bool)) *cobra.Command {
	var f roaFlags
	var service string
	cmd := &cobra.Command{
		Use:   "activate [--service SERVICE]",
		Short: "Activate PAI, or a cloud service PAI depends on",
		Long: `Activate PAI (without --service) or one of the cloud services it depends on. A RAM user needs
the system policies PAI's documentation names, attached at account scope: AliyunPAIFullAccess
for PAI, AliyunOSSFullAccess for OSS, AliyunBSSOrderAccess and AliyunDataWorksFullAccess for
MaxCompute, ... (see 'rampart pai dependent-services'); the account's root needs none. A
refusal names the missing policies. Activating what is active returns the first activation.

Activating PAI also completes the service authorization as far as the caller may: each module's
service role or service-linked role that is not in place is created, as 'rampart pai authorize'
would. A role the caller may not create is listed as missed, with the reason; activating PAI
again once that is fixed completes it.

It prints the API's answer as indented JSON: the service, who activated it and when, under
Activation, and for PAI each module role under Roles (Authorized, or Code and Message).`,
		Example: `  rampart pai activate
  rampart pai activate --service MaxCompute`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			body, err := f.call(cmd, lookupEnv, http.MethodPost, "/authz/v1/activations", map[string]string{"Service": service})
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(pretty(body))
			return err
		},
	}
	f.add(cmd.Flags())
	cmd.Flags().StringVar(&service, "service", "", "dependent service to activate (default: PAI itself)")
	return cmd
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
