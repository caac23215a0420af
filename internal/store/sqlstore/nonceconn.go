package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"modernc.org/sqlite"
)

// nonceConn is, on SQLite, the connection UseNonces writes through, apart from the pool, with
// the upsert statement prepared once per batch length: parsing each batch's statement afresh was
// a tenth of the cost of recording a nonce. It is used only under the write slot
// (DB.lockWrites), so by one goroutine at a time, and its single connection is always free to
// prepare on. It commits with the same durability as every other write (synchronous=FULL):
// with nonces group-committed, a commit's fsync costs requests latency but hardly any
// throughput, and a nonce recorded in the WAL without an fsync could be lost to a power cut and
// then replayed.
type nonceConn struct {
	sql   *sql.DB
	stmts map[int]*sql.Stmt // by row count, up to maxPreparedNonceRows
}

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
	return &nonceConn{sql: db, stmts: make(map[int]*sql.Stmt)}, nil
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
