package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/consistency"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/sts"
)

// apiOptions are the serve flags of the RAM/STS API.
type apiOptions struct {
	rateLimit      openapi.RateLimit
	trustedProxies []string
	// clockOffset shifts the server's clock (for tests: an STS token of the minimum 900 s can
	// be seen to expire without waiting, and a timestamp to be too old). It is listed in --help
	// like every flag, so that RAMPART_CLOCK_OFFSET in an environment is no surprise.
	clockOffset time.Duration
	// nonces records signature nonces; nil means the store (storeNonces). In-process tests and
	// benchmarks substitute their own.
	nonces authn.NonceWriter
	// region is the region of PAI's resource ARNs (acs:paiworkspace:<region>:...).
	region string
	// pollInterval is how often the snapshot checks the store for other nodes' writes.
	pollInterval time.Duration
	// changeLogKeep is how many revisions of the store's change log to keep (0: never prune).
	changeLogKeep int64
	// consistencyWait bounds how long a request with X-Rampart-Min-Revision (or a decision with
	// minRevision) waits for this node's snapshot before ServiceUnavailable.Lagging.
	consistencyWait time.Duration
	// maxSnapshotLag is how long the snapshot may lack a revision the store has before /healthz
	// reports the node unready.
	maxSnapshotLag time.Duration
}

func (o *apiOptions) addFlags(f *pflag.FlagSet) {
	def := openapi.DefaultRateLimit()
	f.Float64Var(&o.rateLimit.PerAccessKey, "rate-limit-per-access-key", def.PerAccessKey,
		"API requests per second allowed per AccessKeyId (0: no limit)")
	f.Float64Var(&o.rateLimit.PerIP, "rate-limit-per-ip", def.PerIP,
		"API requests per second allowed per client IP, before authentication (0: no limit)")
	f.IntVar(&o.rateLimit.Burst, "rate-limit-burst", 0, "requests a client may send at once beyond the rate (0: one second's worth)")
	f.StringSliceVar(&o.trustedProxies, "trusted-proxies", nil,
		"CIDR blocks of reverse proxies whose X-Forwarded-For names the client (acs:SourceIp) and whose\nX-Forwarded-Proto: https says it used TLS (acs:SecureTransport, Secure cookies); none by default")
	f.StringVar(&o.region, "region", "cn-hangzhou", "region named in the ARNs of PAI workspaces and their resources")
	f.DurationVar(&o.pollInterval, "snapshot-poll-interval", time.Second,
		"how often to look for writes other nodes made to the shared store (they are also notified, on PostgreSQL)")
	f.Int64Var(&o.changeLogKeep, "change-log-keep", 100_000,
		"revisions of the change log to keep; a node further behind rebuilds its snapshot in full (0: keep everything)")
	f.DurationVar(&o.consistencyWait, "consistency-wait", consistency.DefaultWait,
		"how long a request with X-Rampart-Min-Revision (or minRevision) waits for this node to reach it before ServiceUnavailable.Lagging")
	f.DurationVar(&o.maxSnapshotLag, "max-snapshot-lag", 5*time.Second,
		"/healthz reports not ready once this node's snapshot has lacked a write of the shared store for this long")
	f.DurationVar(&o.clockOffset, "clock-offset", 0,
		"testing only: run the server's clock this far ahead (negative: behind) of the system's, for signature timestamps, STS expiry and every date it records")
}

// newServeCommandWithAPI is `rampart serve` with the RAM, STS and Resource Manager API mounted.
func newServeCommandWithAPI(lookupEnv func(string) (string, bool)) *cobra.Command {
	o := &apiOptions{}
	cmd := newServeCommand(lookupEnv, o.mount)
	o.addFlags(cmd.Flags())
	cmd.PreRunE = func(*cobra.Command, []string) error { return o.validate() }
	return cmd
}

// validate checks the flags before serve creates anything, so that a wrong command line leaves
// no data directory, master key or account behind. Like config.Validate it reports every problem
// at once.
func (o *apiOptions) validate() error {
	var errs []error
	if _, err := parsePrefixes(o.trustedProxies); err != nil {
		errs = append(errs, err)
	}
	for _, f := range []struct {
		name     string
		negative bool
		zero     string
	}{
		{"--rate-limit-per-access-key", o.rateLimit.PerAccessKey < 0, "no limit"},
		{"--rate-limit-per-ip", o.rateLimit.PerIP < 0, "no limit"},
		{"--rate-limit-burst", o.rateLimit.Burst < 0, "one second's worth"},
		{"--change-log-keep", o.changeLogKeep < 0, "keep everything"},
	} {
		if f.negative {
			errs = append(errs, fmt.Errorf("%s must not be negative (0: %s)", f.name, f.zero))
		}
	}
	for _, f := range []struct {
		name string
		d    time.Duration
	}{
		{"--snapshot-poll-interval", o.pollInterval},
		{"--consistency-wait", o.consistencyWait},
		{"--max-snapshot-lag", o.maxSnapshotLag},
	} {
		if f.d <= 0 {
			errs = append(errs, fmt.Errorf("%s %v: must be positive", f.name, f.d))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return usageError{err}
	}
	return nil
}

// mount builds the domain once and mounts every API on it: the RPC API (RAM, STS, Resource
// Manager) at GET and POST /, the console at /console/, the AIWorkspace API under /api/v1 and
// the decision API under /authz/v1; anything else answers RAM's JSON error.
func (o *apiOptions) mount(mux *http.ServeMux, a *app) error {
	proxies, err := parsePrefixes(o.trustedProxies)
	if err != nil {
		return usageError{err}
	}
	offset := o.clockOffset
	now := func() time.Time { return time.Now().Add(offset) }

	d, err := o.buildDomain(a, proxies, now)
	if err != nil {
		return err
	}
	h, err := openapi.New(openapi.Options{Auth: d.verifier, RAM: d.ram, STS: d.sts, Throttle: d.throttle, Logger: a.log})
	if err != nil {
		return err
	}
	guard := consistency.NewGuard(d.holder, o.consistencyWait)
	rpc := guard.Wrap(func(w http.ResponseWriter, r *http.Request, err error) { openapi.WriteRPCError(w, r, err, a.log) }, h)
	mux.Handle("GET /{$}", rpc)
	mux.Handle("POST /{$}", rpc)
	// Any other method or path answers RAM's error, not Go's plain-text 404 and 405: a 405 with
	// Allow for the RPC endpoint and the server's own /healthz and /metrics (whose GET the server
	// serves before this mux), InvalidAction.NotFound for the rest. The console, under /console/,
	// answers its own pages.
	mux.Handle("/{$}", openapi.MethodNotAllowed("GET, HEAD, POST", a.log))
	mux.Handle("/healthz", openapi.MethodNotAllowed("GET, HEAD", a.log))
	mux.Handle("/metrics", openapi.MethodNotAllowed("GET, HEAD", a.log))
	mux.Handle("/", openapi.NotFound(a.log))
	if err := mountConsole(mux, a, d, guard); err != nil {
		return err
	}
	if err := mountPAI(mux, a, d, guard); err != nil {
		return err
	}
	o.checkLag(a, d)
	if offset != 0 {
		a.log.Warn("the server's clock is shifted (--clock-offset): for tests only", "offset", offset.String())
	}
	return nil
}

// checkLag makes /healthz report the node unready while its snapshot lags behind the store by
// more than --max-snapshot-lag. The check reads the store's revision itself rather than trust the
// holder's own account of it, so a stuck change feed shows too.
func (o *apiOptions) checkLag(a *app, d *domain) {
	maxLag := o.maxSnapshotLag
	if maxLag <= 0 {
		maxLag = 5 * time.Second
	}
	stored := func(ctx context.Context) (int64, error) {
		rev, err := a.store.Revision(ctx)
		return int64(rev), err
	}
	lag := consistency.NewReadiness(maxLag, stored, func() int64 { return d.holder.Current().Revision() }, nil)
	a.readiness(lag.Check)
}

func parsePrefixes(cidrs []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxies %q: want a CIDR block, such as 10.0.0.0/8 or 192.168.1.10/32", c)
		}
		out = append(out, p)
	}
	return out, nil
}

// ramKeys finds long-term AccessKeys for authentication through the RAM domain.
type ramKeys struct{ svc *ram.Service }

func (k ramKeys) AccessKey(ctx context.Context, id string) (authn.Credential, error) {
	a, err := k.svc.AccessKeyForAuth(ctx, id)
	if err != nil {
		if errs.CodeOf(err) == "InvalidAccessKeyId.NotFound" {
			return authn.Credential{}, errs.E(errs.NotFound, "InvalidAccessKeyId.NotFound", "no such AccessKey")
		}
		return authn.Credential{}, err
	}
	return authn.Credential{Caller: a.Caller, Secret: a.Secret, Active: a.Active()}, nil
}

// stsSessions opens STS security tokens for authentication.
type stsSessions struct{ svc *sts.Service }

func (s stsSessions) Session(id, token string) (authn.Credential, error) {
	sess, err := s.svc.Session(id, token)
	if err != nil {
		return authn.Credential{}, err
	}
	return authn.Credential{Caller: sess.Caller, Secret: sess.Secret, Active: true, Expiration: sess.Expiration}, nil
}

// storeNonces records each batch of signature nonces with one store write (store.UseNonces):
// authn.Nonces group-commits, so a server under load pays one commit per batch, not per request.
func storeNonces(st store.Store) authn.NonceWriter {
	return func(ctx context.Context, batch []authn.Nonce) ([]bool, error) {
		nonces := make([]store.Nonce, len(batch))
		for i, n := range batch {
			nonces[i] = store.Nonce{AccessKeyID: n.AccessKeyID, Value: n.Value, Expires: n.Expires}
		}
		return st.UseNonces(ctx, nonces)
	}
}
