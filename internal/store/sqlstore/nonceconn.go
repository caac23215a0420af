package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"modernc.org/sqlite"
)

// nonceConn is, on SQLite, the connection UseNonces writes through, apart from the pool, with
// the upsert statement prepared once per batch length (parsing each batch's statement afresh
// was a tenth of the cost of recording a nonce) and a durability of its own. It is used only
// under the write slot (DB.lockWrites), so by one goroutine at a time, and its single connection
// is always free to prepare on.
//
// Durability: a commit with synchronous=FULL ends with an fsync of the WAL, which on the
// development VM costs about 0.3 ms of CPU and 0.6 ms of waiting, more than the rest of a
// batch of twenty nonces. So this connection commits with synchronous=NORMAL (the WAL is
// written, not synced: a nonce survives the process crashing, not the machine losing power),
// except that a commit at least nonceSyncEvery after the last synced one is FULL, and syncs
// every nonce written before it. A power cut or kernel crash can therefore lose the nonces of at
// most the last nonceSyncEvery, and one of those requests could be replayed once the machine is
// back, within its timestamp window; every other write of the store stays FULL. See
// DESIGN-NOTES.md, "Signature nonces".
type nonceConn struct {
	sql    *sql.DB
	stmts  map[int]*sql.Stmt // by row count, up to maxPreparedNonceRows
	full   bool              // the connection's synchronous setting is FULL
	synced time.Time         // when a FULL commit of this connection last synced the WAL
}

// nonceSyncEvery is how much a power cut can take of the recorded nonces (see nonceConn).
const nonceSyncEvery = 100 * time.Millisecond

// maxPreparedNonceRows bounds the statements a nonceConn keeps: batches longer than this (rare:
// more requests at once than a busy server has clients) are parsed each time.
const maxPreparedNonceRows = 256

func openNonceConn(path string) (*nonceConn, error) {
	connector, err := sqlite.NewConnector(sqliteDSN(path))
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(0)
	return &nonceConn{sql: db, stmts: make(map[int]*sql.Stmt), full: true}, nil
}

// beginCommit sets the synchronous mode of the connection's next commit, made at now: FULL
// when nonceSyncEvery has passed since the last synced commit, NORMAL otherwise. It returns
// the function to call once that commit has succeeded.
func (c *nonceConn) beginCommit(ctx context.Context, now time.Time) (committed func(), err error) {
	full := now.Sub(c.synced) >= nonceSyncEvery || now.Before(c.synced)
	if full != c.full {
		mode := "NORMAL"
		if full {
			mode = "FULL"
		}
		if _, err := c.sql.ExecContext(ctx, "PRAGMA synchronous = "+mode); err != nil {
			return nil, fmt.Errorf("set synchronous = %s: %w", mode, err)
		}
		c.full = full
	}
	if !full {
		return func() {}, nil
	}
	return func() { c.synced = now }, nil
}

// upsert returns the prepared upsert of n rows, or nil beyond maxPreparedNonceRows.
func (c *nonceConn) upsert(ctx context.Context, n int) (*sql.Stmt, error) {
	if st := c.stmts[n]; st != nil || n > maxPreparedNonceRows {
		return st, nil
	}
	st, err := c.sql.PrepareContext(ctx, nonceUpsert(n))
	if err != nil {
		return nil, fmt.Errorf("prepare the upsert of %d nonces: %w", n, err)
	}
	c.stmts[n] = st
	return st, nil
}

func (c *nonceConn) close() error {
	for _, st := range c.stmts {
		st.Close()
	}
	return c.sql.Close()
}
