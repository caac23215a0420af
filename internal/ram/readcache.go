package ram

import (
	"context"
	"sync"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// Hot reads (the AccessKey behind every signature, GetUser, ListUsers) are answered from memory
// while nothing changes, so that they cost no store transaction. A cached value is valid for
// one version of what this node knows:
//
//   - the revision of the authorization snapshot: every write this node acknowledges moves the
//     snapshot first, and so does every write of another node once this node has caught up
//     with it (the same promise authorization makes);
//   - the count of this service's writes outside Update that cached values show (sideWrites):
//     a sign-in moves a user's LastLoginDate without moving any revision;
//   - the period of MaxCacheAge it was read in, for the sign-ins of other nodes, which neither
//     count.
//
// A value is cached only if it was read at the snapshot's revision (the store can be ahead of
// the snapshot, when another node wrote), and the first read at a newer version starts the cache
// afresh. So a read never returns less than the last write acknowledged on this node, and
// caching changes nothing a client can observe on one node; decrypted secrets stay in memory no
// longer than the version they were read at.

// MaxCacheAge bounds how long a value stays cached. Another node sharing the store moves no
// revision when it records a sign-in (LastLoginDate), and this node counts no side write for it,
// so without the bound GetUser and ListUsers on this node would show the old date until the next
// unrelated write; with it, they show the new one within MaxCacheAge.
const MaxCacheAge = time.Second

// version names what a cached value was read at.
type version struct {
	rev  int64 // the authorization snapshot's revision
	side int64 // sideWrites.count
	age  int64 // the period of MaxCacheAge (since the Unix epoch) it was read in
}

// atLeast reports whether v is v2 or newer in every respect.
func (v version) atLeast(v2 version) bool {
	return v.rev >= v2.rev && v.side >= v2.side && v.age >= v2.age
}

// version returns what the cache is valid for now. The side count is read first: a side write
// counts itself only after it is done, so a value read after this call is at least that new.
func (s *Service) version() version {
	side := s.store.count.Load()
	return version{rev: s.snaps.Current().Revision(), side: side, age: s.now().UnixNano() / int64(MaxCacheAge)}
}

// maxCachedPerVersion bounds each cache: lookups of arbitrary names (misses are cached too)
// must not grow memory without limit between two writes. Past it, values are read but not kept.
const maxCachedPerVersion = 10_000

// readCache holds values read at one version. The zero value is an empty cache.
type readCache[K comparable, V any] struct {
	mu      sync.RWMutex
	at      version
	entries map[K]V
}

func (c *readCache[K, V]) get(key K, at version) (V, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.at != at {
		var zero V
		return zero, false
	}
	v, ok := c.entries[key]
	return v, ok
}

// put remembers a value read at version at. A value of a newer version than the cache's
// replaces the whole cache; one of an older version is dropped.
func (c *readCache[K, V]) put(key K, at version, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.entries == nil || at != c.at && at.atLeast(c.at):
		c.at, c.entries = at, map[K]V{key: v}
	case at == c.at && len(c.entries) < maxCachedPerVersion:
		c.entries[key] = v
	}
}

// cachedRead returns what read returns for key, from c when it was read at the current version,
// otherwise from a View of the store, which it keeps in c when that View saw the snapshot's
// revision. Errors are returned, never kept.
func cachedRead[K comparable, V any](ctx context.Context, s *Service, c *readCache[K, V], key K,
	read func(r store.Reader) (V, error)) (V, error) {
	at := s.version()
	if v, ok := c.get(key, at); ok {
		return v, nil
	}
	var v V
	var readAt store.Revision
	err := s.store.View(ctx, func(r store.Reader) (err error) {
		if readAt, err = r.Revision(ctx); err != nil {
			return wrapf(err, "read revision")
		}
		v, err = read(r)
		return err
	})
	if err != nil {
		var zero V
		return zero, err
	}
	if int64(readAt) == at.rev {
		c.put(key, at, v)
	}
	return v, nil
}
