package ram

import "sync"

// keyCache keeps what AccessKeyForAuth read, so that signing requests cost no store read while
// nothing changes. Entries are valid for one revision of the authorization snapshot: any write
// this node acknowledges (or learns of from another node) moves the snapshot, and the first
// lookup after that starts the cache afresh. A key is therefore never served from the cache
// after the snapshot has seen it deactivated or deleted, which is the same promise authorization
// makes. Decrypted secrets stay in memory no longer than the revision they were read at.
type keyCache struct {
	mu      sync.Mutex
	rev     int64
	entries map[string]AccessKeyAuth
}

// get returns the cached entry for id if it was read at revision rev.
func (c *keyCache) get(id string, rev int64) (AccessKeyAuth, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rev != rev {
		return AccessKeyAuth{}, false
	}
	a, ok := c.entries[id]
	return a, ok
}

// put remembers an entry read at revision rev. An entry of another revision than the cache's
// current one replaces the whole cache when it is newer and is dropped when it is older.
func (c *keyCache) put(id string, rev int64, a AccessKeyAuth) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case rev > c.rev || c.entries == nil:
		c.rev, c.entries = rev, map[string]AccessKeyAuth{id: a}
	case rev == c.rev:
		c.entries[id] = a
	}
}
