package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/rampart-iam/rampart/internal/bootstrap"
	"github.com/rampart-iam/rampart/internal/config"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/server"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
)

// app is everything `rampart serve` builds before it listens: what API packages need to build
// their handlers.
type app struct {
	cfg       config.Config
	log       *slog.Logger
	store     store.Store
	box       *secrets.Box
	passwords *secrets.PasswordHasher
	ids       *secrets.IDGen
	root      bootstrap.Root
	metrics   *prometheus.Registry

	// jobs run in the background while the server serves (a snapshot's poll, say); serve
	// starts them after mounting and waits for them to return once its context ends.
	jobs []func(ctx context.Context)
	// ready are the checks /healthz runs beyond the store being reachable (a snapshot that is
	// not too far behind, say); the node is ready when all pass.
	ready []func(ctx context.Context) error
}

// background asks serve to run job for as long as the server runs.
func (a *app) background(job func(ctx context.Context)) { a.jobs = append(a.jobs, job) }

// readiness adds a check to what /healthz requires.
func (a *app) readiness(check func(ctx context.Context) error) { a.ready = append(a.ready, check) }

// isReady is the server's readiness: the store answers and every added check passes.
func (a *app) isReady(ctx context.Context) error {
	if _, err := a.store.Revision(ctx); err != nil {
		return err
	}
	for _, check := range a.ready {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}

// A mountFunc adds routes to the API mux that the server serves at "/" (everything except
// /healthz and /metrics). API packages get wired in by passing theirs to newServeCommand, so
// they never edit this file.
type mountFunc func(mux *http.ServeMux, a *app) error

func newServeCommand(lookupEnv func(string) (string, bool), mounts ...mountFunc) *cobra.Command {
	cfg := config.Default()
	var dsn string
	var gcPercent int
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the Rampart server",
		Long: `Run the Rampart server: RAM, STS and PAI permission management over HTTP(S).

With no flags it listens on 127.0.0.1:8080 and keeps everything in ./rampart-data: the
SQLite database (rampart.db) and the master key (master.key) that encrypts stored AccessKey
secrets. It logs structured lines to stderr (--log-format); an error that stops it is the last
of them, msg="cannot serve" at level ERROR, and it exits 1 (a wrong command line is a plain
line instead, and exits 2). It answers GET /healthz once ready (503 while the store does not
answer) and serves Prometheus metrics at GET /metrics.

On first start it creates the account (a 16-digit account ID) and its root credentials. Set
RAMPART_ROOT_ACCESS_KEY_ID and RAMPART_ROOT_ACCESS_KEY_SECRET (and RAMPART_ROOT_PASSWORD) to
choose them; otherwise they are generated and written once to <data>/root-credentials.json
(mode 0600). The log names that file and the AccessKeyId, never a secret. Later starts reuse
the stored account.

The master key must stay with the data: a copy of the database is useless without it, and a
server given another key refuses to start. Keep master.key out of backups of rampart.db, and
back it up separately. Several nodes on one PostgreSQL database need the same key file.

SIGTERM or SIGINT makes GET /healthz answer 503 at once. With --drain-delay the server goes on
serving everything else for that long, so that a load balancer sees the 503 and stops sending
it requests before its port closes; then (at once without the flag) it stops accepting
connections, lets in-flight requests finish (up to --shutdown-timeout), closes the store and
exits 0. A second signal ends the process at once, during the delay too, as a crash would:
nothing acknowledged is lost, and the next start replays the SQLite WAL.`,
		Example: `  # Try it out: HTTP on 127.0.0.1:8080, data in ./rampart-data
  rampart serve

  # Choose the root AccessKey instead of generating one
  RAMPART_ROOT_ACCESS_KEY_ID=LTAIexample RAMPART_ROOT_ACCESS_KEY_SECRET=... rampart serve

  # HTTPS on all interfaces, JSON logs, data under /var/lib/rampart
  rampart serve --listen :8443 --data /var/lib/rampart \
    --tls-cert-file /etc/rampart/tls.crt --tls-key-file /etc/rampart/tls.key --log-format json

  # Behind a load balancer that checks /healthz every 5s: out of rotation before the port closes
  rampart serve --listen :8443 --drain-delay 15s

  # PostgreSQL (pass the DSN through the environment to keep it out of ps)
  RAMPART_POSTGRES_DSN=postgres://rampart:secret@db:5432/rampart rampart serve --store postgres \
    --master-key-file /etc/rampart/master.key`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg.PostgresDSN = secrets.Secret(dsn)
			if err := cfg.Validate(); err != nil {
				return usageError{err}
			}
			if gcPercent < 0 {
				return usageError{errors.New("--gc-percent must be positive (0 keeps the runtime's GOGC)")}
			}
			if gcPercent > 0 {
				debug.SetGCPercent(gcPercent)
			}
			provided := bootstrap.Credentials{
				AccessKeyID:     env(lookupEnv, "RAMPART_ROOT_ACCESS_KEY_ID"),
				AccessKeySecret: secrets.Secret(env(lookupEnv, "RAMPART_ROOT_ACCESS_KEY_SECRET")),
				Password:        secrets.Secret(env(lookupEnv, "RAMPART_ROOT_PASSWORD")),
			}
			if err := provided.Validate(); err != nil { // before anything is created
				return usageError{err}
			}
			return serve(cmd.Context(), cfg, provided, cmd.ErrOrStderr(), mounts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", cfg.Listen, "address to listen on, host:port (port 0 picks a free one)")
	f.StringVar(&cfg.DataDir, "data", cfg.DataDir, "directory for the SQLite database, master key and root-credentials.json")
	f.StringVar(&cfg.Store, "store", cfg.Store, "store back end: sqlite or postgres")
	f.StringVar(&dsn, "postgres-dsn", "", "PostgreSQL connection string for --store postgres (prefer RAMPART_POSTGRES_DSN)")
	f.StringVar(&cfg.MasterKeyFile, "master-key-file", "", "master key file, created (0600) if missing (default <data>/master.key)")
	f.StringVar(&cfg.TLSCertFile, "tls-cert-file", "", "PEM certificate (chain) to serve HTTPS with; needs --tls-key-file")
	f.StringVar(&cfg.TLSKeyFile, "tls-key-file", "", "PEM private key for --tls-cert-file")
	f.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "log level: debug, info, warn or error")
	f.StringVar(&cfg.LogFormat, "log-format", cfg.LogFormat, "log format: text or json")
	f.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long to let in-flight requests finish on SIGTERM")
	f.DurationVar(&cfg.DrainDelay, "drain-delay", cfg.DrainDelay,
		"on SIGTERM, how long to go on serving with /healthz answering 503, so a load balancer takes the node out, before closing the port and draining (0: close it at once)")
	f.IntVar(&cfg.ConsoleLogonRateLimit, "console-logon-rate-limit", cfg.ConsoleLogonRateLimit,
		"console sign-in attempts (passwords, MFA codes) allowed per minute per client IP, counted before any is checked (0: no limit)")
	// The server's live heap is small next to what a busy one allocates per second (requests
	// allocate a few KB each), so at the runtime's default of 100 it collects many times a
	// second; a higher value trades memory (about gc-percent/100 times the live heap on top of
	// it) for CPU. Kept as a flag rather than a new default: the live heap grows with the
	// account (the snapshot), and so would the price.
	f.IntVar(&gcPercent, "gc-percent", 0, "garbage collector target percentage (GOGC); 0 keeps the runtime's (GOGC, else 100). 400 spends less CPU per request for more memory")
	return cmd
}

func env(lookupEnv func(string) (string, bool), name string) string {
	v, _ := lookupEnv(name)
	return v
}

// serve runs the server until ctx ends. Everything it opens it closes before returning.
//
// Once the flags are valid, serve speaks through its logger: an error that ends it (the port
// taken, the master key unusable, the store unreachable, serving failing) is one ERROR line
// "cannot serve" in the --log-format, the last line written, and serve returns exitCodeError so
// that Main exits 1 without printing it again as plain text; a log collector that parses the
// JSON lines sees why the node stopped. Usage errors (exit 2), found before serve has a logger
// or about the command line all the same, stay plain "rampart: ..." lines with the --help hint.
func serve(ctx context.Context, cfg config.Config, provided bootstrap.Credentials, logOut io.Writer, mounts []mountFunc) error {
	log, closeLog := newLogger(logOut, cfg)
	defer closeLog() // last: the lines logged while stopping are written too
	err := runServer(ctx, cfg, provided, log, mounts)
	var usage usageError
	if err == nil || errors.As(err, &usage) {
		return err
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		// SIGTERM or SIGINT before the server was ready: what was asked for, not a failure. The
		// account is created in one transaction, after the credentials file it may need, so the
		// next start takes up where this one stopped.
		log.Info("stopped before it was ready", "err", err)
		return nil
	}
	log.Error("cannot serve", "err", err)
	return exitCodeError(exitError)
}

// runServer is serve with its logger: it starts the server and serves until ctx ends.
func runServer(ctx context.Context, cfg config.Config, provided bootstrap.Credentials, log *slog.Logger, mounts []mountFunc) error {
	version := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		version = info.Main.Version
	}
	log.Info("starting", "version", version, "store", cfg.Store, "data", cfg.DataDir, "listen", cfg.Listen)

	// What can fail without the data comes first, so that a start that could never serve (the
	// port taken, the TLS files wrong, the master key unreadable) leaves the data directory as it was: no account, no root
	// credentials behind an error. Connections made before Serve wait in the listen backlog.
	a := &app{cfg: cfg, log: log, ids: secrets.NewIDGen(nil), metrics: prometheus.NewRegistry()}
	api := http.NewServeMux()
	srv, err := server.New(server.Options{
		TLSCertFile:     cfg.TLSCertFile,
		TLSKeyFile:      cfg.TLSKeyFile,
		ShutdownTimeout: cfg.ShutdownTimeout,
		DrainDelay:      cfg.DrainDelay,
		MaxBodyBytes:    cfg.MaxBodyBytes,
		Logger:          log,
		Handler:         api,
		Ready:           a.isReady,
		Registry:        a.metrics,
		IDs:             a.ids,
	})
	if err != nil {
		if cfg.TLS() {
			return fmt.Errorf("--tls-cert-file %s, --tls-key-file %s: %w", cfg.TLSCertFile, cfg.TLSKeyFile, err)
		}
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("--listen %s: %w", cfg.Listen, err)
	}
	defer ln.Close() // Serve closes it too; this is for the returns before Serve
	// An existing master key is read now; only a missing one waits for the store, which says
	// whether one may be created.
	key, err := secrets.LoadMasterKey(cfg.MasterKeyPath())
	keyMissing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !keyMissing {
		return fmt.Errorf("--master-key-file: %w", err)
	}

	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		if err := st.Close(); err != nil {
			log.Error("closing the store", "err", err)
		}
		log.Info("stopped")
	}()

	a.store = st
	if keyMissing {
		if key, err = createMasterKey(ctx, st, cfg.MasterKeyPath(), log); err != nil {
			return err
		}
	}
	if a.box, err = secrets.NewBox(key); err != nil {
		return err
	}
	if a.passwords, err = secrets.NewPasswordHasher(secrets.DefaultPasswordParams(), max(2, runtime.GOMAXPROCS(0)), nil); err != nil {
		return err
	}
	a.root, err = bootstrap.Run(ctx, st, bootstrap.Options{
		CredentialsFile: cfg.RootCredentialsPath(),
		Provided:        provided,
		Box:             a.box,
		IDs:             a.ids,
		Passwords:       a.passwords,
		Logger:          log,
	})
	if err != nil {
		return err
	}

	for _, mount := range mounts {
		if err := mount(api, a); err != nil {
			return err
		}
	}
	jobCtx, stopJobs := context.WithCancel(ctx)
	var jobs sync.WaitGroup
	defer jobs.Wait() // before the store closes: the jobs may be using it
	defer stopJobs()
	for _, job := range a.jobs {
		jobs.Go(func() { job(jobCtx) })
	}
	return srv.Serve(ctx, ln)
}

// openStore opens the configured back end with opts; the one place that picks a concrete store.
func openStore(ctx context.Context, cfg config.Config, opts ...sqlstore.Option) (store.Store, error) {
	switch cfg.Store {
	case config.StorePostgres:
		return sqlstore.OpenPostgres(ctx, cfg.PostgresDSN.Reveal(), opts...)
	default:
		return sqlstore.OpenSQLite(ctx, cfg.SQLitePath(), opts...)
	}
}

// createMasterKey creates the missing master key, but only for a store that has no account yet:
// a new key for existing data would make every stored secret undecryptable, so a missing key file
// then is an error to fix (restore the key), not something to paper over.
func createMasterKey(ctx context.Context, st store.Store, path string, log *slog.Logger) (secrets.MasterKey, error) {
	err := st.View(ctx, func(r store.Reader) error {
		_, err := r.GetAccount(ctx)
		return err
	})
	switch {
	case err == nil:
		return secrets.MasterKey{}, fmt.Errorf("master key %s is missing but the store already holds an account; "+
			"restore the master key it was created with (or point --master-key-file at it)", path)
	case !errors.Is(err, store.ErrNotFound):
		return secrets.MasterKey{}, fmt.Errorf("read account: %w", err)
	}
	key, created, err := secrets.LoadOrCreateMasterKey(path)
	if err != nil {
		return key, fmt.Errorf("--master-key-file: %w", err)
	}
	if created {
		log.Info("created master key; back it up apart from the database", "path", path)
	}
	return key, nil
}
