package snapshot

import (
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics counts how the holder keeps up: patches (with their duration) and full rebuilds.
type metrics struct {
	patchSeconds  prometheus.Histogram
	rebuildsByWhy *prometheus.CounterVec
	patches       atomic.Int64
	rebuilds      atomic.Int64
}

func (m *metrics) init() {
	*m = metrics{
		patchSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "rampart_snapshot_patch_seconds",
			Help:    "Time to patch the authorization snapshot with the store's changes, reading them included.",
			Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
		}),
		rebuildsByWhy: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "rampart_snapshot_rebuilds_total",
			Help: "Full rebuilds of the authorization snapshot, by reason: start, compacted (behind the pruned change log), " +
				"large (too many changes to patch), unpatchable, patch_failed.",
		}, []string{"reason"}),
	}
}

func (m *metrics) patched(d time.Duration) {
	m.patches.Add(1)
	m.patchSeconds.Observe(d.Seconds())
}

func (m *metrics) rebuilt(reason string) {
	m.rebuilds.Add(1)
	m.rebuildsByWhy.WithLabelValues(reason).Inc()
}

// Stats counts the patches and full rebuilds (the first load included) of a holder's snapshot.
type Stats struct {
	Patches, Rebuilds int64
}

// Stats returns how many times the snapshot was patched and rebuilt so far.
func (h *Holder) Stats() Stats {
	return Stats{Patches: h.metrics.patches.Load(), Rebuilds: h.metrics.rebuilds.Load()}
}

// Collectors returns the holder's Prometheus instruments for the caller to register (once):
// rampart_snapshot_revision and rampart_store_revision (the snapshot's revision and the latest
// store revision the node knows of; their difference is the node's lag in revisions),
// rampart_snapshot_lag_seconds (Lag's since), rampart_snapshot_patch_seconds and
// rampart_snapshot_rebuilds_total.
func (h *Holder) Collectors() []prometheus.Collector {
	return []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "rampart_snapshot_revision",
			Help: "Store revision the node's authorization snapshot reflects.",
		}, func() float64 { return float64(h.Current().Revision()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "rampart_store_revision",
			Help: "Latest store revision the node has learned of (notifications, polls, its own writes).",
		}, func() float64 { return float64(h.StoreRevision()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "rampart_snapshot_lag_seconds",
			Help: "Time since the node's authorization snapshot was last known to be as new as the store.",
		}, func() float64 { _, since := h.Lag(); return since.Seconds() }),
		h.metrics.patchSeconds,
		h.metrics.rebuildsByWhy,
	}
}
