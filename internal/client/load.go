package client

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// LoadResult summarizes a Load run.
type LoadResult struct {
	Requests, Errors int
	PerSecond        float64
	P50, P99, Max    time.Duration
	// FirstError describes the first failed call, if any.
	FirstError string
}

func (r LoadResult) String() string {
	return fmt.Sprintf("%d requests, %.0f req/s, p50 %v, p99 %v, max %v, %d errors",
		r.Requests, r.PerSecond, r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond),
		r.Max.Round(10*time.Microsecond), r.Errors)
}

// Load calls action with params from clients goroutines at once for d, each sending its next
// call as soon as the last is answered (a closed loop, as automation does), and reports
// throughput and latency. Every call is signed afresh, with its own nonce. Give c an HTTP
// client whose transport keeps at least clients idle connections per host.
func Load(ctx context.Context, c *Client, clients int, d time.Duration, version, action string, params map[string]string) LoadResult {
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		latencies []time.Duration
		res       LoadResult
	)
	start := time.Now()
	deadline := start.Add(d)
	for range clients {
		wg.Go(func() {
			var mine []time.Duration
			errors, first := 0, ""
			for time.Now().Before(deadline) && ctx.Err() == nil {
				begin := time.Now()
				resp, err := c.Call(ctx, version, action, params)
				mine = append(mine, time.Since(begin))
				switch {
				case err != nil:
					errors++
					first = err.Error()
				case !resp.OK():
					errors++
					first = fmt.Sprintf("%d %s", resp.Status, resp.Body)
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
	elapsed := time.Since(start)
	slices.Sort(latencies)
	if n := len(latencies); n > 0 {
		res.Requests = n
		res.PerSecond = float64(n) / elapsed.Seconds()
		res.P50, res.P99, res.Max = latencies[n/2], latencies[n*99/100], latencies[n-1]
	}
	return res
}
