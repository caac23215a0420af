package sts

import (
	"testing"
	"time"
)

func TestSessionCacheIsBounded(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newSessionCache(3)
	c.put("STS.expired", "t0", Session{Expiration: now.Add(-time.Second)}, now)
	c.put("STS.a", "ta", Session{Expiration: now.Add(time.Hour)}, now)
	c.put("STS.b", "tb", Session{Expiration: now.Add(time.Hour)}, now)
	c.put("STS.c", "tc", Session{Expiration: now.Add(time.Hour)}, now) // full: the expired one goes
	if _, ok := c.get("STS.expired", "t0"); ok {
		t.Error("an expired session survived eviction while live ones were kept")
	}
	for i, id := range []string{"STS.d", "STS.e", "STS.f", "STS.g"} {
		c.put(id, "t", Session{Expiration: now.Add(time.Hour)}, now)
		if n := c.len(); n > 3 {
			t.Fatalf("after %d more puts the cache holds %d entries, limit 3", i+1, n)
		}
	}
	if _, ok := c.get("STS.g", "t"); !ok {
		t.Error("the newest entry is missing")
	}
	if _, ok := c.get("STS.g", "forged"); ok {
		t.Error("a cached AccessKeyId with another token was accepted")
	}
}
