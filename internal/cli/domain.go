package cli

import (
	"context"
	"net/netip"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/consistency"
	"github.com/rampart-iam/rampart/internal/openapi"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/pai/activation"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/servicecred"
	"github.com/rampart-iam/rampart/internal/snapshot"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/internal/sts"
)

// domain is what `rampart serve` builds once and every API it mounts shares: one authorization
// snapshot, one RAM, STS, PAI and activation service, one signature verifier. A change made
// through any API is seen by all of them at once.
type domain struct {
	catalog *catalog.Catalog
	holder  *snapshot.Holder
	ram     *ram.Service
	sts     *sts.Service
	pai     *pai.Service
	// activation is PAI's Activation & Authorization (Dependent Services).
	activation *activation.Service
	// serviceCreds are the AccessKeys of platform services (rampart service credentials).
	serviceCreds *servicecred.Service
	verifier     *authn.Verifier
	// throttle is the API rate limits, one budget per caller across every API.
	throttle *openapi.Throttle
	now      func() time.Time
	proxies  []netip.Prefix
}

// buildDomain builds the domain layers from the store up and schedules the snapshot's follower,
// which picks up writes made by other nodes sharing the store, and the change log's pruning.
func (o *apiOptions) buildDomain(a *app, proxies []netip.Prefix, now func() time.Time) (*domain, error) {
	d := &domain{now: now, proxies: proxies, throttle: openapi.NewThrottle(o.rateLimit, now)}
	var err error
	if d.catalog, err = catalog.Load(); err != nil {
		return nil, err
	}
	if d.holder, err = snapshot.FromCatalog(context.Background(), a.store, d.catalog, a.log); err != nil {
		return nil, err
	}
	poll := o.pollInterval
	if poll <= 0 {
		poll = time.Second
	}
	a.background(func(ctx context.Context) { d.holder.Follow(ctx, poll) })
	if keep := o.changeLogKeep; keep > 0 {
		a.background(func(ctx context.Context) { d.holder.PruneChanges(ctx, keep, time.Minute) })
	}
	for _, c := range d.holder.Collectors() {
		if err := a.metrics.Register(c); err != nil {
			return nil, err
		}
	}
	// The domains write through a store that tells the API each write's revision
	// (X-Rampart-Revision).
	writes := consistency.Track(a.store)
	region := o.region
	if region == "" {
		region = "cn-hangzhou"
	}
	if d.ram, err = ram.New(writes, d.holder, d.catalog, a.box, a.passwords, a.ids, now, ram.DefaultLimits(),
		ram.WithRoleUsage(activation.RoleUsage(d.catalog, region))); err != nil {
		return nil, err
	}
	d.sts, err = sts.New(sts.Options{
		Snapshot: d.holder.Current,
		Role: func(ctx context.Context, name string) (sts.Role, error) {
			r, err := d.ram.RoleForAssume(ctx, name)
			return sts.Role{ID: r.ID, Name: r.Name, MaxSessionDuration: r.MaxSessionDuration}, err
		},
		MissingRole: activation.RoleHint(d.catalog),
		Box:         a.box,
		IDs:         a.ids,
		Audit: func(ctx context.Context, r store.AuditRecord) error {
			_, err := a.store.AppendAudit(ctx, r)
			return err
		},
		Now: now,
	})
	if err != nil {
		return nil, err
	}
	if d.pai, err = pai.New(pai.Options{Store: writes, Snapshots: d.holder, Catalog: d.catalog, IDs: a.ids, Now: now,
		Region: region}); err != nil {
		return nil, err
	}
	if d.activation, err = activation.New(activation.Options{Store: writes, Snapshots: d.holder, Catalog: d.catalog,
		RAM: d.ram, Now: now}); err != nil {
		return nil, err
	}
	if d.serviceCreds, err = servicecred.New(servicecred.Options{Store: writes, Box: a.box, IDs: a.ids, Now: now}); err != nil {
		return nil, err
	}
	nonces := o.nonces
	if nonces == nil {
		nonces = storeNonces(a.store)
	}
	d.verifier, err = authn.New(authn.Options{
		Keys:           accessKeys{ram: ramKeys{d.ram}, services: d.serviceCreds},
		Sessions:       stsSessions{d.sts},
		Nonces:         authn.NewNonces(nonces, 0),
		Now:            now,
		TrustedProxies: proxies,
		Used: func(ctx context.Context, id string) {
			if err := d.ram.TouchAccessKey(ctx, id); err != nil {
				a.log.Warn("record AccessKey use", "access_key_id", id, "err", err)
			}
		},
		Admit: consistency.Admit, // X-Rampart-Min-Revision: waited for once the caller is authenticated
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
