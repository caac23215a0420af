package sqlstore

import (
	"context"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

func scanChange(s scanner) (store.Change, error) {
	var c store.Change
	var kind, op string
	err := s.Scan(&c.Revision, &kind, &c.Key, &op)
	c.Kind, c.Op = store.Kind(kind), store.Op(op)
	return c, err
}

// Changes returns whole revisions of the change log after the given one; see store.Reader.
func (r *reader) Changes(ctx context.Context, after store.Revision, limit int) ([]store.Change, error) {
	pruned, err := one(ctx, r, func(s scanner) (store.Revision, error) {
		var rev store.Revision
		err := s.Scan(&rev)
		return rev, err
	}, `SELECT pruned_through FROM revision WHERE id = 1`)
	if err != nil {
		return nil, fmt.Errorf("read changes: %w", err)
	}
	if after < pruned {
		return nil, fmt.Errorf("read changes after revision %d (pruned through %d): %w", after, pruned, store.ErrCompacted)
	}
	const q = `SELECT revision, kind, key, op FROM changes WHERE revision > ? ORDER BY revision, seq LIMIT ?`
	fetch := noLimit
	if limit > 0 {
		fetch = int64(limit) + 1
	}
	changes, err := list(ctx, r, scanChange, q, after, fetch)
	if err != nil {
		return nil, fmt.Errorf("read changes: %w", err)
	}
	if limit <= 0 || len(changes) <= limit {
		return changes, nil
	}
	// The entry past the limit shows that its revision may be cut short: drop that revision.
	last := changes[limit].Revision
	cut := 0
	for cut < len(changes) && changes[cut].Revision != last {
		cut++
	}
	if cut > 0 {
		return changes[:cut], nil
	}
	// One revision alone is larger than limit: return it whole rather than not at all.
	changes, err = list(ctx, r, scanChange, `SELECT revision, kind, key, op FROM changes WHERE revision = ? ORDER BY seq`, last)
	if err != nil {
		return nil, fmt.Errorf("read changes: %w", err)
	}
	return changes, nil
}
