package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
)

// nonceConn is, on SQLite, the connection UseNonces writes through, apart from the pool, with
// the upsert statement prepared once per batch length (parsing each batch's statement afresh
// was a tenth of the cost of recording a nonce) and a durability of its own. It is used only
// under the write slot (DB.lockWrites), so by one goroutine at a time, and its single connection
// is always free to prepare on.
//
// Durability: a commit with synchronous=FULL ends with an fsync of the WAL, which costs more
// than the rest of a batch of twenty nonces and, when the disk is busy, holds every request
// waiting for a nonce for tens of milliseconds. So this connection commits with
// synchronous=NORMAL (the WAL is written, not synced: a nonce survives the process crashing, not
// the machine losing power) and never checkpoints, and a goroutine of its own checkpoints the
// WAL every nonceSyncEvery through the pool, whose synchronous=FULL makes the checkpoint fsync
// the WAL first. A power cut or kernel crash can therefore lose the nonces of about the last
// nonceSyncEvery, and one of those requests could be replayed once the machine is back, within
// its timestamp window; every other write of the store stays FULL. While checkpoints fail,
// UseNonces fails too: nonces are not acknowledged that might never reach the disk. See
// DESIGN-NOTES.md, "Hot paths".
type nonceConn struct {
	sql   *sql.DB
	stmts map[int]*sql.Stmt // by row count, up to maxPreparedNonceRows

	syncErr atomic.Pointer[error] // the last checkpoint's failure; nil after a success
	stop    context.CancelFunc
	done    chan struct{}
}

// nonceSyncEvery is how often the WAL, and with it every nonce recorded, is synced to disk.
const nonceSyncEvery = 100 * time.Millisecond

// maxPreparedNonceRows bounds the statements a nonceConn keeps: batches longer than this (rare:
// more requests at once than a busy server has clients) are parsed each time.
const maxPreparedNonceRows = 256

// openNonceConn opens the nonce connection to the SQLite file at path and starts syncing its
// writes through pool.
func openNonceConn(path string, pool *sql.DB) (*nonceConn, error) {
	connector, err := sqlite.NewConnector(sqliteDSNWith(path, "synchronous(NORMAL)", "wal_autocheckpoint(0)"))
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxIdleTime(0)
	ctx, stop := context.WithCancel(context.Background())
	c := &nonceConn{sql: db, stmts: make(map[int]*sql.Stmt), stop: stop, done: make(chan struct{})}
	go c.syncLoop(ctx, pool)
	return c, nil
}

// syncLoop checkpoints the WAL every nonceSyncEvery until ctx ends. A PASSIVE checkpoint waits
// for nobody and blocks no writer; it syncs the WAL whenever it has frames to copy, which is
// whenever anything was written since the last one.
func (c *nonceConn) syncLoop(ctx context.Context, pool *sql.DB) {
	defer close(c.done)
	t := time.NewTicker(nonceSyncEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := pool.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil && ctx.Err() == nil {
			err = fmt.Errorf("sync the nonces: %w", classify(err))
			c.syncErr.Store(&err)
		} else {
			c.syncErr.Store(nil)
		}
	}
}

// healthy returns the last checkpoint's failure, if the last one failed.
func (c *nonceConn) healthy() error {
	if err := c.syncErr.Load(); err != nil {
		return *err
	}
	return nil
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

// close stops syncing and closes the connection. The pool must still be open: the last
// checkpoint may be running.
func (c *nonceConn) close() error {
	c.stop()
	<-c.done
	for _, st := range c.stmts {
		st.Close()
	}
	return c.sql.Close()
}
