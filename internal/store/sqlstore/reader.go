package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

// reader implements store.Reader on one transaction. Like a PostgreSQL transaction, it is unusable
// after a statement fails: later calls return that first error on every backend, so code that
// ignores a failed write behaves the same on SQLite as on PostgreSQL. Not safe for concurrent use.
type reader struct {
	tx      *sql.Tx
	d       *dialect
	stmts   map[string]*sql.Stmt // prepared point reads (see prepared.go); read-only
	pending store.Revision       // the revision an Update will commit; 0 in a View
	err     error                // the first failed statement
}

var _ store.Reader = (*reader)(nil)

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// fail classifies a statement's error and poisons the transaction with it.
func (r *reader) fail(err error) error {
	err = classify(err)
	if r.err == nil {
		r.err = fmt.Errorf("transaction aborted by an earlier error: %w", err)
	}
	return err
}

func (r *reader) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if r.err != nil {
		return nil, r.err
	}
	var rows *sql.Rows
	var err error
	if st := r.stmts[q]; st != nil {
		rows, err = r.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	} else {
		rows, err = r.tx.QueryContext(ctx, r.d.rebind(q), args...)
	}
	if err != nil {
		return nil, r.fail(err)
	}
	return rows, nil
}

// list runs a query and scans every row.
func list[T any](ctx context.Context, r *reader, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := r.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, r.fail(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, r.fail(err)
	}
	return out, nil
}

// one runs a query for a single row; store.ErrNotFound when there is none.
func one[T any](ctx context.Context, r *reader, scan func(scanner) (T, error), q string, args ...any) (T, error) {
	var zero T
	rows, err := list(ctx, r, scan, q, args...)
	if err != nil {
		return zero, err
	}
	if len(rows) == 0 {
		return zero, store.ErrNotFound
	}
	return rows[0], nil
}

// noLimit stands for "no limit" in LIMIT ?, which both dialects accept as a bigint.
const noLimit = int64(1) << 62

// page runs a list query whose last two placeholders are the marker (rows with a sort key after
// it) and the LIMIT, and returns the next marker when more rows follow.
func page[T any](ctx context.Context, r *reader, p store.Page, scan func(scanner) (T, error), key func(T) string, q string, args ...any) ([]T, string, error) {
	fetch := noLimit
	if p.Limit > 0 {
		fetch = int64(p.Limit) + 1
	}
	items, err := list(ctx, r, scan, q, append(args, p.Marker, fetch)...)
	if err != nil {
		return nil, "", err
	}
	if p.Limit > 0 && len(items) > p.Limit {
		items = items[:p.Limit]
		return items, key(items[p.Limit-1]), nil
	}
	return items, "", nil
}

// count runs a SELECT COUNT(*) query.
func count(ctx context.Context, r *reader, q string, args ...any) (int, error) {
	return one(ctx, r, func(s scanner) (int, error) {
		var n int
		err := s.Scan(&n)
		return n, err
	}, q, args...)
}

// exists reports whether a query returns a row.
func exists(ctx context.Context, r *reader, q string, args ...any) (bool, error) {
	_, err := one(ctx, r, func(s scanner) (int, error) {
		var n int
		err := s.Scan(&n)
		return n, err
	}, q, args...)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (r *reader) Revision(ctx context.Context) (store.Revision, error) {
	if r.pending != 0 {
		return r.pending, nil
	}
	rev, err := one(ctx, r, func(s scanner) (store.Revision, error) {
		var rev store.Revision
		err := s.Scan(&rev)
		return rev, err
	}, qRevision)
	if err != nil {
		return 0, fmt.Errorf("read revision: %w", err)
	}
	return rev, nil
}
