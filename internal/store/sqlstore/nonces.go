package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// A signature nonce is recorded for every signed request, so a server's request rate is bounded
// by how many nonces it can record durably. UseNonces records a whole batch (everything that
// arrived during the previous write; see authn.Nonces) with one multi-row upsert and one commit.

const (
	// nonceRowsPerStatement bounds one INSERT's rows: three placeholders a row stay far below
	// both backends' limits (SQLite 32766, PostgreSQL 65535). A longer batch takes several
	// statements in one transaction.
	nonceRowsPerStatement = 1000
	// pruneNoncesInterval is how often, at most, UseNonces deletes expired nonces, and
	// pruneNoncesLimit how many at a time: enough to keep up with 50,000 nonces a second, few
	// enough that one prune holds the write lock briefly even after a long downtime.
	pruneNoncesInterval = time.Second
	pruneNoncesLimit    = 50_000
)

// UseNonces records a batch of signature nonces in one commit. See store.Store.
func (db *DB) UseNonces(ctx context.Context, batch []store.Nonce) ([]bool, error) {
	if db.closed.Load() {
		return nil, fmt.Errorf("use nonces: %w", store.ErrClosed)
	}
	fresh := make([]bool, len(batch))
	if len(batch) == 0 {
		return fresh, nil
	}
	now := db.now()
	unlock, err := db.lockWrites(ctx)
	if err != nil {
		return nil, fmt.Errorf("use nonces: %w", err)
	}
	defer unlock()
	if err := db.pruneNonces(ctx, now); err != nil {
		return nil, fmt.Errorf("prune nonces: %w", err)
	}
	if db.nonceConn != nil {
		if err := db.nonceConn.healthy(); err != nil {
			return nil, fmt.Errorf("use nonces: %w", err)
		}
	}
	if err := db.insertNonces(ctx, batch, fresh, now); err != nil {
		return nil, fmt.Errorf("use nonces: %w", db.fail(err))
	}
	return fresh, nil
}

type nonceKey struct{ accessKeyID, value string }

// insertNonces upserts the batch's distinct pairs and sets fresh for the first occurrence of
// each pair the database took: inserted, or taken over from an expired use. A live pair stays as
// it is and is not returned. The pairs go in in sorted order, so that on PostgreSQL two
// concurrent batches wait for each other's rows in the same order and cannot deadlock.
func (db *DB) insertNonces(ctx context.Context, batch []store.Nonce, fresh []bool, now time.Time) error {
	first := make(map[nonceKey]int, len(batch))
	distinct := make([]int, 0, len(batch))
	for i, n := range batch {
		k := nonceKey{n.AccessKeyID, n.Value}
		if _, dup := first[k]; !dup {
			first[k] = i
			distinct = append(distinct, i)
		}
	}
	slices.SortFunc(distinct, func(a, b int) int {
		return cmp.Or(strings.Compare(batch[a].AccessKeyID, batch[b].AccessKeyID), strings.Compare(batch[a].Value, batch[b].Value))
	})

	pool := db.sql
	if db.nonceConn != nil {
		pool = db.nonceConn.sql
	}
	var tx *sql.Tx
	if len(distinct) > nonceRowsPerStatement {
		var err error
		if tx, err = pool.BeginTx(ctx, nil); err != nil {
			return err
		}
		defer tx.Rollback() // after Commit, a harmless no-op
	}
	for chunk := range slices.Chunk(distinct, nonceRowsPerStatement) {
		rows, err := db.upsertNonces(ctx, pool, tx, nonceArgs(batch, chunk, now))
		if err != nil {
			return err
		}
		for rows.Next() {
			var k nonceKey
			if err := rows.Scan(&k.accessKeyID, &k.value); err != nil {
				rows.Close()
				return err
			}
			fresh[first[k]] = true
		}
		// Without a transaction of ours, the statement's own commits by the time the last row
		// has been read; Close reports what went wrong if it did not.
		if err := cmp.Or(rows.Err(), rows.Close()); err != nil {
			return err
		}
	}
	if tx != nil {
		return tx.Commit()
	}
	return nil
}

// upsertNonces runs the upsert for args (from nonceArgs) in tx, or on its own in pool: prepared
// on SQLite's nonce connection, parsed (or found in pgx's statement cache) otherwise.
func (db *DB) upsertNonces(ctx context.Context, pool *sql.DB, tx *sql.Tx, args []any) (*sql.Rows, error) {
	n := (len(args) - 1) / 3
	if db.nonceConn != nil {
		st, err := db.nonceConn.upsert(ctx, n)
		if err != nil {
			return nil, err
		}
		if st != nil {
			if tx != nil {
				st = tx.StmtContext(ctx, st)
			}
			return st.QueryContext(ctx, args...)
		}
	}
	q := db.d.rebind(nonceUpsert(n))
	if tx != nil {
		return tx.QueryContext(ctx, q, args...)
	}
	return pool.QueryContext(ctx, q, args...)
}

// nonceUpsert is the statement that records n nonces: it inserts each, or takes over the row of
// an expired use of the same pair, and returns the pairs it wrote; a live pair stays as it is.
// Its arguments are nonceArgs's.
func nonceUpsert(n int) string {
	var b strings.Builder
	b.Grow(160 + 11*n)
	b.WriteString(`INSERT INTO signature_nonces (access_key_id, nonce, expires) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?)")
	}
	b.WriteString(` ON CONFLICT (access_key_id, nonce) DO UPDATE SET expires = excluded.expires
		WHERE signature_nonces.expires < ? RETURNING access_key_id, nonce`)
	return b.String()
}

// nonceArgs are nonceUpsert's arguments for batch[i], i in rows, at now.
func nonceArgs(batch []store.Nonce, rows []int, now time.Time) []any {
	args := make([]any, 0, 3*len(rows)+1)
	for _, i := range rows {
		args = append(args, batch[i].AccessKeyID, batch[i].Value, batch[i].Expires.Unix())
	}
	return append(args, now.Unix())
}

// pruneNonces deletes up to pruneNoncesLimit expired nonces when pruneNoncesInterval has passed
// since the last prune. It runs as a statement of its own rather than in the batch's
// transaction: on PostgreSQL the locks of a bulk delete taken in the same transaction as the
// sorted upsert could deadlock against another node's batch. Correctness does not depend on it:
// an expired pair is taken over in place when it comes again.
func (db *DB) pruneNonces(ctx context.Context, now time.Time) error {
	last := db.noncesPruned.Load()
	if now.UnixNano()-last < int64(pruneNoncesInterval) || !db.noncesPruned.CompareAndSwap(last, now.UnixNano()) {
		return nil
	}
	pool := db.sql
	if db.nonceConn != nil {
		pool = db.nonceConn.sql
	}
	_, err := pool.ExecContext(ctx, db.d.rebind(`DELETE FROM signature_nonces WHERE (access_key_id, nonce) IN
		(SELECT access_key_id, nonce FROM signature_nonces WHERE expires < ? LIMIT ?)`), now.Unix(), pruneNoncesLimit)
	if err != nil {
		return db.fail(err)
	}
	return nil
}
