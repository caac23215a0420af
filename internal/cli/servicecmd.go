package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rampart-iam/rampart/internal/bootstrap"
	"github.com/rampart-iam/rampart/internal/config"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/servicecred"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
)

// newServiceCommand is `rampart service`: what the operator of a deployment does for the
// platform's own services.
func newServiceCommand(lookupEnv func(string) (string, bool)) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "service",
		Short: "Manage the credentials of the platform's services (operator commands)",
	}
	creds := &cobra.Command{
		Use:   "credentials",
		Short: "Issue, list and revoke the AccessKeys of platform services",
		Long: `A platform service (a PAI module such as EAS) acts on the account as its service principal,
eas.pai.aliyuncs.com, and only through the roles whose trust policy names it: its
service-linked role, or a service role. These commands give such a service an AccessKey that
signs requests as its service principal. With it the service can do one thing: call STS
AssumeRole for a role that trusts it; the session it gets may do what the role's policies allow.

These are operator commands: they open the store directly, like 'rampart backup', with the
same --data, --store and --master-key-file as 'rampart serve' (RAMPART_POSTGRES_DSN for
PostgreSQL), and work while the server runs. Minting an identity that may assume every
service-linked role of the account takes the server's data and master key, not an API key.
A new credential works at once; a deleted one stops working at once, on every node.`,
	}
	creds.AddCommand(newServiceCredentialsCreate(lookupEnv), newServiceCredentialsList(), newServiceCredentialsDelete(lookupEnv))
	cmd.AddCommand(grouping(creds))
	return grouping(cmd)
}

// storeFlags are the flags that find a store on this machine, as `rampart serve` has them.
type storeFlags struct {
	cfg config.Config
	dsn string
}

func (f *storeFlags) add(cmd *cobra.Command) {
	f.cfg = config.Default()
	fs := cmd.Flags()
	fs.StringVar(&f.cfg.DataDir, "data", f.cfg.DataDir, "data directory of the store (as given to rampart serve)")
	fs.StringVar(&f.cfg.Store, "store", f.cfg.Store, "store back end: sqlite or postgres")
	fs.StringVar(&f.dsn, "postgres-dsn", "", "PostgreSQL connection string for --store postgres (prefer RAMPART_POSTGRES_DSN)")
	fs.StringVar(&f.cfg.MasterKeyFile, "master-key-file", "", "master key file (default <data>/master.key)")
}

// open opens an existing store and its master key, and returns the credential service over
// them; close releases the store. It never creates a store or a key: a wrong --data must not
// leave a new, empty deployment behind. Nor does it migrate the store: one whose schema is not
// this binary's is refused.
func (f *storeFlags) open(ctx context.Context) (svc *servicecred.Service, closeStore func(), err error) {
	f.cfg.PostgresDSN = secrets.Secret(f.dsn)
	switch f.cfg.Store {
	case config.StoreSQLite:
		if _, err := os.Stat(f.cfg.SQLitePath()); err != nil {
			return nil, nil, fmt.Errorf("no store at %s (wrong --data?): %w", f.cfg.SQLitePath(), err)
		}
	case config.StorePostgres:
		if f.dsn == "" {
			return nil, nil, usagef("--store postgres needs --postgres-dsn or RAMPART_POSTGRES_DSN")
		}
	default:
		return nil, nil, usagef("--store %q: want %s or %s", f.cfg.Store, config.StoreSQLite, config.StorePostgres)
	}
	key, err := secrets.LoadMasterKey(f.cfg.MasterKeyPath())
	if err != nil {
		return nil, nil, fmt.Errorf("--master-key-file: %w", err)
	}
	box, err := secrets.NewBox(key)
	if err != nil {
		return nil, nil, err
	}
	// Without migrating, as a server's open would: this may be the live database of an older
	// server (a newer binary run beside it), which must not move to a schema it does not know.
	st, err := openStore(ctx, f.cfg, sqlstore.WithoutMigrating())
	if err != nil {
		return nil, nil, err
	}
	err = st.View(ctx, func(r store.Reader) error {
		_, err := r.GetAccount(ctx)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		err = errors.New("the store holds no account yet: start 'rampart serve' on it once first")
	}
	if err == nil {
		// A credential sealed under another key than the server's would be printed, and fail.
		err = bootstrap.CheckMasterKey(ctx, st, box)
	}
	if err == nil {
		svc, err = servicecred.New(servicecred.Options{Store: st, Box: box, IDs: secrets.NewIDGen(nil), Now: time.Now})
	}
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return svc, func() { st.Close() }, nil
}

// operator names who ran the command, for the audit trail.
func operator(lookupEnv func(string) (string, bool)) string {
	user, _ := lookupEnv("USER")
	if user == "" {
		user = "unknown"
	}
	host, err := os.Hostname()
	if err != nil {
		host = "localhost"
	}
	return "operator:" + user + "@" + host
}

func newServiceCredentialsCreate(lookupEnv func(string) (string, bool)) *cobra.Command {
	var f storeFlags
	cmd := &cobra.Command{
		Use:   "create SERVICE-PRINCIPAL",
		Short: "Issue an AccessKey that authenticates as a service principal",
		Long: `Issue an AccessKey for a service principal, such as eas.pai.aliyuncs.com, and print it as JSON:

  {"AccessKeyId": "LTAS...", "AccessKeySecret": "...", "ServiceName": "eas.pai.aliyuncs.com", "CreateDate": "..."}

The secret is shown this once; the output is also a valid --profile file for the rampart
commands. A service holds at most two credentials, so it can rotate: create the second,
switch, delete the first.`,
		Example: `  rampart service credentials create eas.pai.aliyuncs.com > eas-credentials.json
  chmod 600 eas-credentials.json`,
		Args: argsOf(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, closeStore, err := f.open(cmd.Context())
			if err != nil {
				return err
			}
			defer closeStore()
			c, err := svc.Create(cmd.Context(), args[0], operator(lookupEnv))
			if err != nil {
				return err
			}
			out, _ := json.MarshalIndent(map[string]string{"AccessKeyId": c.AccessKeyID, "AccessKeySecret": c.AccessKeySecret.Reveal(),
				"ServiceName": c.ServiceName, "CreateDate": c.CreateDate.Format(time.RFC3339)}, "", "  ")
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s\n", out)
			return err
		},
	}
	f.add(cmd)
	return cmd
}

func newServiceCredentialsList() *cobra.Command {
	var f storeFlags
	cmd := &cobra.Command{
		Use:   "list [SERVICE-PRINCIPAL]",
		Short: "List the AccessKeys of platform services (never their secrets)",
		Long: `List the AccessKeys of every platform service, or of the one SERVICE-PRINCIPAL, as a table
of ACCESS KEY ID, SERVICE and CREATED. Secrets are never shown: 'create' prints each once.`,
		Example: `  rampart service credentials list
  rampart service credentials list eas.pai.aliyuncs.com`,
		Args: argsOf(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, closeStore, err := f.open(cmd.Context())
			if err != nil {
				return err
			}
			defer closeStore()
			service := ""
			if len(args) == 1 {
				service = args[0]
			}
			list, err := svc.List(cmd.Context(), service)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ACCESS KEY ID\tSERVICE\tCREATED")
			for _, c := range list {
				fmt.Fprintf(w, "%s\t%s\t%s\n", c.AccessKeyID, c.ServiceName, c.CreateDate.Format(time.RFC3339))
			}
			return w.Flush()
		},
	}
	f.add(cmd)
	return cmd
}

func newServiceCredentialsDelete(lookupEnv func(string) (string, bool)) *cobra.Command {
	var f storeFlags
	cmd := &cobra.Command{
		Use:   "delete ACCESS-KEY-ID",
		Short: "Revoke a platform service's AccessKey",
		Long: `Delete the platform service's AccessKey ACCESS-KEY-ID (as 'list' shows it). Requests signed
with it are refused at once, on every node; sessions it already obtained with AssumeRole last
until they expire.`,
		Example: `  rampart service credentials delete LTAS...`,
		Args:    argsOf(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, closeStore, err := f.open(cmd.Context())
			if err != nil {
				return err
			}
			defer closeStore()
			if err := svc.Delete(cmd.Context(), args[0], operator(lookupEnv)); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Deleted %s.\n", args[0])
			return err
		},
	}
	f.add(cmd)
	return cmd
}
