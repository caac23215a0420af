package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
)

// migrationFiles holds every dialect's migrations: migrations/<dialect>/NNNN_name.sql, applied in
// order of NNNN, each once.
//
//go:embed migrations
var migrationFiles embed.FS

// migrate brings the schema up to date in one transaction. Several processes may open the same
// database at once (nodes of one deployment starting together): on PostgreSQL the transaction
// first takes an advisory lock, on SQLite it is BEGIN IMMEDIATE, so the second waits for the first
// to commit and then finds nothing left to do. A database migrated by a newer Rampart (a version
// this binary does not know) is refused rather than used with a schema it does not understand.
func migrate(ctx context.Context, db *sql.DB, d dialect, now time.Time) error {
	names, known, err := migrations(d)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if d.lockMigrations != "" {
		if _, err := tx.ExecContext(ctx, d.lockMigrations); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	applied, err := appliedVersions(ctx, tx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for v := range applied {
		if known[v] == "" {
			return fmt.Errorf("migrate: the database has schema version %d, unknown to this Rampart (a newer one migrated it)", v)
		}
	}
	for _, name := range names {
		digits, _, _ := strings.Cut(path.Base(name), "_")
		v, _ := strconv.Atoi(digits)
		if applied[v] {
			continue
		}
		body, err := migrationFiles.ReadFile(name)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("migrate: apply %s: %w", path.Base(name), err)
		}
		if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
			v, path.Base(name), now.Unix()); err != nil {
			return fmt.Errorf("migrate: record %s: %w", path.Base(name), err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

// migrations lists the dialect's migration files in order, and their versions.
func migrations(d dialect) (names []string, known map[int]string, err error) {
	names, err = fs.Glob(migrationFiles, d.migrations+"/*.sql")
	if err != nil {
		return nil, nil, err
	}
	known = make(map[int]string, len(names))
	for _, name := range names { // fs.Glob sorts, and versions are zero-padded
		digits, _, _ := strings.Cut(path.Base(name), "_")
		v, err := strconv.Atoi(digits)
		if err != nil || v <= 0 || known[v] != "" {
			return nil, nil, fmt.Errorf("bad migration file name %s", name)
		}
		known[v] = name
	}
	return names, known, nil
}

// checkSchema refuses a database whose schema is not exactly this binary's: one that misses a
// migration this binary has (an older Rampart's, not to be migrated under it) or has one this
// binary does not know (a newer Rampart's). It changes nothing.
func checkSchema(ctx context.Context, db *sql.DB, d dialect) error {
	_, known, err := migrations(d)
	if err != nil {
		return fmt.Errorf("check schema: %w", err)
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("check schema: %w", err)
	}
	defer tx.Rollback()
	applied, err := appliedVersions(ctx, tx)
	if err != nil {
		return fmt.Errorf("check schema: no Rampart schema here (%w)", err)
	}
	for v := range applied {
		if known[v] == "" {
			return fmt.Errorf("check schema: the database has schema version %d, unknown to this Rampart (a newer one migrated it); use that Rampart", v)
		}
	}
	for v := range known {
		if !applied[v] {
			return fmt.Errorf("check schema: the database lacks schema version %d, which this Rampart has (an older one made it); "+
				"use the Rampart that serves it, or upgrade the server first", v)
		}
	}
	return nil
}

func appliedVersions(ctx context.Context, tx *sql.Tx) (map[int]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	applied := make(map[int]bool)
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		applied[v] = true
	}
	return applied, rows.Err()
}
