package authn

import (
	"context"
	"errors"
	"hash/maphash"
	"sync"
	"time"

	"github.com/rampart-iam/rampart/internal/errs"
)

// Nonce is one use of a signature nonce by an AccessKey.
type Nonce struct {
	AccessKeyID string
	Value       string
	// Expires is when the record may be forgotten: once the request's Timestamp is out of the
	// window, a replay fails the timestamp check anyway.
	Expires time.Time
}

// NonceWriter durably records a batch of nonce uses in one write. fresh[i] reports whether
// batch[i] was recorded now (true) or had already been used and not yet expired (false: a
// replay). Across every process sharing the database, exactly one writer of a given nonce gets
// true. An error means nothing is known about the batch.
type NonceWriter func(ctx context.Context, batch []Nonce) (fresh []bool, err error)

// Nonces rejects replayed signature nonces, durably and cheaply enough for every request.
//
// Durability comes from the NonceWriter (the store): a nonce is recorded before the request it
// signs is answered, so a replay is caught after a restart or on another node. A durable write
// costs a commit, and a commit costs far more than recording one nonce more in it, so writes are
// group-committed: while one batch is being written, arriving nonces queue, and the next batch
// takes them all in one write. Each request waits for its own batch. There is no background
// goroutine: the first request to arrive when no write is in flight leads, and hands the lead to
// the first queued request when its write returns.
//
// Writes are also paced: a batch starts no sooner than MinNonceInterval after the previous one
// started, so a busy server writes at most a thousand batches a second, each holding
// everything that arrived meanwhile, instead of a batch of one or two every time a fast commit
// returns. On SQLite a commit of one nonce costs about 55 µs of CPU, one of 16 about 12 µs a
// nonce; under 64 concurrent clients pacing took batches from about 5 nonces (most of them
// single) to 17 and the CPU per request down by a tenth. The price is latency: a request may wait
// up to MinNonceInterval for its batch to start, so a caller sending one request at a time, faster
// than one per MinNonceInterval, is slowed to about that rate; a server whose requests are
// further apart never waits. (Pacing only under visible concurrency, after a batch of several or
// while other requests wait, was tried: a busy server then falls into runs of single-nonce
// batches, each write too quick for the next request to join it.)
//
// In front of the writer, an in-memory set of nonces whose write is in flight answers a
// concurrent replay at once, without a write, so that of N identical requests arriving together
// exactly one reaches the store.
type Nonces struct {
	write    NonceWriter
	maxBatch int

	seed     maphash.Seed
	inflight [32]nonceShard

	mu        sync.Mutex
	queue     []*nonceUse
	leading   bool      // a goroutine is writing a batch, or has been handed the lead
	lastWrite time.Time // when the last batch's write started
}

// MinNonceInterval is the least time between the starts of two batch writes (see Nonces).
const MinNonceInterval = time.Millisecond

type nonceShard struct {
	mu sync.Mutex
	m  map[string]struct{}
}

type nonceUse struct {
	nonce Nonce
	wake  chan bool // true: lead the next batch; false: fresh and err are set
	fresh bool
	err   error
}

// DefaultMaxNonceBatch bounds how many nonces one write records.
const DefaultMaxNonceBatch = 1024

// NewNonces returns a replay guard writing through w, at most maxBatch nonces per write
// (DefaultMaxNonceBatch when maxBatch <= 0).
func NewNonces(w NonceWriter, maxBatch int) *Nonces {
	if maxBatch <= 0 {
		maxBatch = DefaultMaxNonceBatch
	}
	n := &Nonces{write: w, maxBatch: maxBatch, seed: maphash.MakeSeed()}
	for i := range n.inflight {
		n.inflight[i].m = make(map[string]struct{})
	}
	return n
}

// Use records nonce for accessKeyID until expires. It returns an error coded SignatureNonceUsed
// when the nonce was used before and has not expired, or is being used right now by a concurrent
// request; any other error means the nonce could not be recorded and the request must fail.
func (n *Nonces) Use(ctx context.Context, accessKeyID, nonce string, expires time.Time) error {
	key := accessKeyID + "\x00" + nonce
	sh := &n.inflight[maphash.String(n.seed, key)%uint64(len(n.inflight))]
	sh.mu.Lock()
	if _, busy := sh.m[key]; busy {
		sh.mu.Unlock()
		return nonceUsed()
	}
	sh.m[key] = struct{}{}
	sh.mu.Unlock()
	defer func() {
		sh.mu.Lock()
		delete(sh.m, key)
		sh.mu.Unlock()
	}()

	u := &nonceUse{nonce: Nonce{AccessKeyID: accessKeyID, Value: nonce, Expires: expires}, wake: make(chan bool, 1)}
	n.record(ctx, u)
	switch {
	case u.err != nil:
		return u.err
	case !u.fresh:
		return nonceUsed()
	}
	return nil
}

// record queues u and returns once u's batch is written, writing it itself if it leads.
func (n *Nonces) record(ctx context.Context, u *nonceUse) {
	n.mu.Lock()
	n.queue = append(n.queue, u)
	if n.leading {
		n.mu.Unlock()
		if lead := <-u.wake; !lead {
			return
		}
		n.mu.Lock()
	}
	n.leading = true
	// u leads and is queue[0]: a fresh leader found the queue empty, a handed-over one was first.
	if wait := time.Until(n.lastWrite.Add(MinNonceInterval)); wait > 0 && len(n.queue) < n.maxBatch {
		n.mu.Unlock()
		time.Sleep(wait) // nonces arriving meanwhile join this batch
		n.mu.Lock()
	}
	size := min(len(n.queue), n.maxBatch)
	n.lastWrite = time.Now()
	batch := n.queue[:size:size]
	n.queue = n.queue[size:]
	n.mu.Unlock()

	nonces := make([]Nonce, len(batch))
	for i, b := range batch {
		nonces[i] = b.nonce
	}
	// Other requests' nonces ride on this write: the leader's cancellation must not fail them.
	fresh, err := n.write(context.WithoutCancel(ctx), nonces)
	if err == nil && len(fresh) != len(batch) {
		err = errs.Wrap(errors.New("the nonce writer returned a result of the wrong length"))
	}
	for i, b := range batch {
		if b.err = err; err == nil {
			b.fresh = fresh[i]
		}
		if b != u {
			b.wake <- false
		}
	}

	n.mu.Lock()
	if len(n.queue) == 0 {
		n.leading = false
		n.mu.Unlock()
		return
	}
	next := n.queue[0]
	n.mu.Unlock()
	next.wake <- true
}
