package sqlstore

import (
	"context"
	"database/sql"

	"github.com/rampart-iam/rampart/internal/store"
)

// writer implements store.Tx. Every write goes through change, which also appends the change-log
// entry, so no write can go unannounced.
type writer struct {
	*reader
	seq int // change-log entries recorded so far in this transaction
}

var _ store.Tx = (*writer)(nil)

func (w *writer) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if w.err != nil {
		return nil, w.err
	}
	res, err := w.tx.ExecContext(ctx, w.d.rebind(q), args...)
	if err != nil {
		return nil, w.fail(err)
	}
	return res, nil
}

// change runs a statement that writes exactly one row of kind, named key, and records the change;
// store.ErrNotFound when the statement touched no row.
func (w *writer) change(ctx context.Context, kind store.Kind, key string, op store.Op, q string, args ...any) error {
	res, err := w.exec(ctx, q, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return w.fail(err)
	}
	if n == 0 {
		return store.ErrNotFound
	}
	w.seq++
	_, err = w.exec(ctx, `INSERT INTO changes (revision, seq, kind, key, op) VALUES (?, ?, ?, ?, ?)`,
		w.pending, w.seq, string(kind), key, string(op))
	return err
}
