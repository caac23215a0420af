package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// Point reads run on every API request (find a user by name, read an AccessKey, read the
// revision), and parsing their SQL took about a third of such a request's time on SQLite. They
// are prepared once, when the store opens, and each transaction borrows the prepared form for
// its connection (database/sql prepares a statement at most once per connection). Only these
// fixed texts are prepared: preparing lazily would take a pooled connection while transactions
// hold the others, and could wait for ever.
const (
	qRevision      = `SELECT revision FROM revision WHERE id = 1`
	qUserByID      = `SELECT ` + userColumns + ` FROM users WHERE id = ?`
	qUserByName    = `SELECT ` + userColumns + ` FROM users WHERE name_key = ?`
	qGroupByName   = `SELECT ` + groupColumns + ` FROM groups WHERE name_key = ?`
	qRoleByName    = `SELECT ` + roleColumns + ` FROM roles WHERE name_key = ?`
	qAccessKeyByID = `SELECT ` + accessKeyColumns + ` FROM access_keys WHERE id = ?`
)

// prepare prepares the point reads, keyed by their text as the code writes it.
func prepareStatements(ctx context.Context, sdb *sql.DB, d dialect) (map[string]*sql.Stmt, error) {
	stmts := make(map[string]*sql.Stmt)
	for _, q := range []string{qRevision, qUserByID, qUserByName, qGroupByName, qRoleByName, qAccessKeyByID} {
		st, err := sdb.PrepareContext(ctx, d.rebind(q))
		if err != nil {
			closeAll(stmts)
			return nil, fmt.Errorf("prepare %q: %w", q, err)
		}
		stmts[q] = st
	}
	return stmts, nil
}

func closeAll(stmts map[string]*sql.Stmt) {
	for _, st := range stmts {
		st.Close()
	}
}
