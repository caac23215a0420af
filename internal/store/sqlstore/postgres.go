package sqlstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// OpenPostgres opens the PostgreSQL store at dsn (a postgres:// URL or key=value string) and
// brings its schema up to date. Several nodes may open the same database at once.
func OpenPostgres(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
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
