package client

import (
	"context"
	cryptorand "crypto/rand"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// LoadOptions describe a Load run: which call, from how many clients, for how long, and at
// what pace.
type LoadOptions struct {
	Version, Action string
	Params          map[string]string
	// Clients is how many calls may be in flight at once, each on its own keep-alive
	// connection (give the Client an HTTP transport keeping that many idle connections).
	Clients  int
	Duration time.Duration
	// Rate, when positive, paces the run as an open loop: call i is due at start + i/Rate,
	// whether or not earlier calls have been answered, and its latency counts from when it was
	// due, so time spent waiting for a free client is latency too. This is how a server is seen
	// by many independent callers, and it does not hide a stall the way a closed loop does
	// (coordinated omission: a stalled closed-loop client sends nothing, so the stall appears
	// once in its latencies instead of once per call it held up). Rate 0 runs a closed loop:
	// each client sends its next call as soon as the last is answered, as automation does,
	// which measures the most the server can do.
	Rate float64
}

// LoadResult summarizes a Load run. Latencies are those of the calls that were answered,
// failed ones included, from sending (closed loop) or from when the call was due (open loop)
// to the last byte of the response.
type LoadResult struct {
	Requests, Errors int
	Elapsed          time.Duration
	PerSecond        float64
	P50, P99, P999   time.Duration
	Max              time.Duration
	// FirstError describes the first failed call, if any.
	FirstError string
}

func (r LoadResult) String() string {
	round := func(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
	return fmt.Sprintf("%d requests, %.0f req/s, p50 %v, p99 %v, p99.9 %v, max %v, %d errors",
		r.Requests, r.PerSecond, round(r.P50), round(r.P99), round(r.P999), round(r.Max), r.Errors)
}

// Load calls o.Action from o.Clients goroutines for o.Duration and reports throughput and
// latency percentiles. Every call is signed afresh, with its own nonce and timestamp.
func Load(ctx context.Context, c *Client, o LoadOptions) LoadResult {
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		latencies []time.Duration
		res       LoadResult
		next      atomic.Int64 // the open loop's next call
	)
	start := time.Now()
	deadline := start.Add(o.Duration)
	// due returns when the next call should start, or false when the run is over.
	due := func() (time.Time, bool) {
		if o.Rate <= 0 {
			now := time.Now()
			return now, now.Before(deadline) && ctx.Err() == nil
		}
		at := start.Add(time.Duration(float64(next.Add(1)-1) * float64(time.Second) / o.Rate))
		if !at.Before(deadline) || ctx.Err() != nil {
			return at, false
		}
		if wait := time.Until(at); wait > 0 {
			time.Sleep(wait)
		}
		return at, true
	}
	t := newTemplate(c, o.Version, o.Action, o.Params)
	for range max(o.Clients, 1) {
		call := callFunc(ctx, c, t, o)
		wg.Go(func() {
			defer call(true)
			var mine []time.Duration
			errors, first := 0, ""
			for {
				begin, ok := due()
				if !ok {
					break
				}
				status, body, err := call(false)
				mine = append(mine, time.Since(begin))
				switch {
				case err != nil:
					errors++
					first = err.Error()
				case status < 200 || status > 299:
					errors++
					first = fmt.Sprintf("%d %s", status, body)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			latencies = append(latencies, mine...)
			res.Errors += errors
			if res.FirstError == "" {
				res.FirstError = first
			}
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	slices.Sort(latencies)
	if n := len(latencies); n > 0 {
		res.Requests = n
		res.PerSecond = float64(n) / res.Elapsed.Seconds()
		res.P50, res.P99, res.P999 = percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 99.9)
		res.Max = latencies[n-1]
	}
	return res
}

// percentile returns the nearest-rank p-th percentile of sorted: the smallest value at least p%
// of the values do not exceed.
func percentile(sorted []time.Duration, p float64) time.Duration {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// callFunc returns how one of Load's clients makes a call (and, given true, ends): on its own
// loadConn with a signer of t for a plain http:// endpoint, through c.Call otherwise.
func callFunc(ctx context.Context, c *Client, t *template, o LoadOptions) func(end bool) (int, []byte, error) {
	conn, ok := newLoadConn(c.Endpoint)
	if !ok {
		return func(end bool) (int, []byte, error) {
			if end {
				return 0, nil, nil
			}
			resp, err := c.Call(ctx, o.Version, o.Action, o.Params)
			if err != nil {
				return 0, nil, err
			}
			return resp.Status, resp.Body, nil
		}
	}
	var seed [32]byte
	cryptorand.Read(seed[:])
	s := t.signer(seed)
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	return func(end bool) (int, []byte, error) {
		if end {
			conn.close()
			return 0, nil, nil
		}
		return conn.post(s.sign(now()))
	}
}
