package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// defaultConnectTimeout bounds each attempt to connect when the DSN sets no connect_timeout.
// libpq and pgx would otherwise wait as long as the server or the network lets them: a hung
// server, or a firewall that drops packets, kept a starting node waiting silently for ever.
const defaultConnectTimeout = 10 * time.Second

// OpenPostgres opens the PostgreSQL store at dsn (a postgres:// URL or key=value string) and
// brings its schema up to date. Several nodes may open the same database at once. A DSN without a
// connect_timeout gets one of 10 s.
func OpenPostgres(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres store: %w", withoutDSN(err))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = defaultConnectTimeout
	}
	// Writes rely on READ COMMITTED: Update's writers queue on the revision row and then see
	// what the one before committed, counters re-read the row they update, and a node that waited
	// for another's migration lock sees what it applied. The server's, the database's or the
	// role's default_transaction_isolation may be stricter (a common hardening setting); under
	// REPEATABLE READ or SERIALIZABLE concurrent writers failed with serialization errors, so
	// every session of the store sets its own default. View asks for REPEATABLE READ itself.
	cfg.RuntimeParams["default_transaction_isolation"] = "read committed"
	db, err := open(ctx, stdlib.OpenDB(*cfg), postgresDialect(), "", opts)
	if err != nil {
		return nil, err
	}
	var schema string
	if err := db.sql.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	db.channel = notifyChannel(schema)
	db.hub = newHub(db.listener(cfg.Copy(), db.channel))
	return db, nil
}

// withoutDSN keeps the DSN out of pgx's error for one it cannot parse, which serve logs. pgx
// masks the passwords it recognises there, but not every spelling libpq accepts: with spaces
// around the equals sign ("password = s3cret") the password was logged as it is.
func withoutDSN(err error) error {
	var pe *pgconn.ParseConfigError
	if !errors.As(err, &pe) {
		return err
	}
	safe := *pe
	safe.ConnString = "the connection string"
	return &safe
}
