package sqlstore

import (
	"context"
	"sync"

	"github.com/rampart-iam/rampart/internal/store"
)

// Watch reports the store's revision as it moves; see store.Store. Every Update publishes its
// revision after it commits; on PostgreSQL a listener (listen.go) also publishes the revisions
// other processes announce, and the current revision whenever it (re)connects.
func (db *DB) Watch(ctx context.Context) <-chan store.Revision {
	w := &watcher{ch: make(chan store.Revision, 1), sent: -1}
	live, ok := db.hub.add(w)
	if !ok {
		close(w.ch)
		return w.ch
	}
	go func() {
		if live {
			// Commits from now on reach w; the revision read now covers those before.
			if rev, err := db.Revision(ctx); err == nil {
				db.hub.offer(w, rev)
			}
		}
		select {
		case <-ctx.Done():
		case <-db.hub.done:
		}
		db.hub.remove(w)
	}()
	return w.ch
}

// hub fans revisions out to the channels Watch returned. On PostgreSQL it runs the listener
// while the store is open, from the first Watch on.
type hub struct {
	mu   sync.Mutex
	subs map[*watcher]struct{}
	// live: every commit from now on will be published, so a new watcher reads its first value
	// itself. Always true on SQLite; on PostgreSQL, true while the listener is listening.
	live bool
	// listen, when not nil, is the listener, started by the first Watch; it runs until ctx ends.
	listen    func(ctx context.Context)
	stop      context.CancelFunc
	listening chan struct{} // closed when the listener has returned
	done      chan struct{} // closed by close
	closed    bool
}

func newHub(listen func(ctx context.Context)) *hub {
	return &hub{subs: make(map[*watcher]struct{}), live: listen == nil, listen: listen, done: make(chan struct{})}
}

// watcher is one Watch's channel. Only the hub sends on it, holding hub.mu, so there is one
// sender at a time.
type watcher struct {
	ch   chan store.Revision
	sent store.Revision // the highest revision offered so far
}

// add registers w and reports whether commits are being published already; false when the
// store is closed.
func (h *hub) add(w *watcher) (live, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false, false
	}
	h.subs[w] = struct{}{}
	if h.listen != nil && h.stop == nil {
		ctx, cancel := context.WithCancel(context.Background())
		h.stop, h.listening = cancel, make(chan struct{})
		go func() {
			defer close(h.listening)
			h.listen(ctx)
		}()
	}
	return h.live, true
}

func (h *hub) remove(w *watcher) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[w]; ok {
		delete(h.subs, w)
		close(w.ch)
	}
}

// setLive records whether the listener is listening.
func (h *hub) setLive(live bool) {
	h.mu.Lock()
	h.live = live
	h.mu.Unlock()
}

// publish offers rev to every watcher.
func (h *hub) publish(rev store.Revision) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for w := range h.subs {
		w.offerLocked(rev)
	}
}

// offer offers rev to one watcher, if it is still watching.
func (h *hub) offer(w *watcher, rev store.Revision) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[w]; ok {
		w.offerLocked(rev)
	}
}

// offerLocked replaces any unread value with rev, unless the watcher has been offered as much
// already: values only grow. The caller holds hub.mu.
func (w *watcher) offerLocked(rev store.Revision) {
	if rev <= w.sent {
		return
	}
	w.sent = rev
	select {
	case <-w.ch: // an older value nobody read yet
	default:
	}
	w.ch <- rev // cannot block: the buffer is empty and this is the only sender
}

// close ends every watch and stops the listener, waiting for it to return.
func (h *hub) close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = true
	close(h.done)
	stop, listening := h.stop, h.listening
	h.mu.Unlock()
	if stop != nil {
		stop()
		<-listening
	}
}
