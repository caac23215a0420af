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
	return open(ctx, stdlib.OpenDB(*cfg), postgresDialect(), "", opts)
}
