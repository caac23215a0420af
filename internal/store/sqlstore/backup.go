package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/rampart-iam/rampart/internal/store"
)

// Backup writes a consistent copy of a SQLite store to w while the store stays in use: VACUUM INTO
// writes the snapshot of one read transaction into a new, compact database file (next to the
// store, so on the same file system), which is then copied to w. The copy is a complete SQLite
// database that OpenSQLite can open as it is. On PostgreSQL it fails with errors.ErrUnsupported:
// use pg_dump.
func (db *DB) Backup(ctx context.Context, w io.Writer) error {
	if db.closed.Load() {
		return fmt.Errorf("backup: %w", store.ErrClosed)
	}
	if db.path == "" {
		return fmt.Errorf("backup: %w: back up a PostgreSQL store with pg_dump (or your provider's snapshots)", errors.ErrUnsupported)
	}
	dir, err := os.MkdirTemp(filepath.Dir(db.path), ".rampart-backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "backup.db")
	if _, err := db.sql.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("backup: %w", db.fail(err))
	}
	f, err := os.Open(tmp)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// Check verifies the database's own consistency: on SQLite, PRAGMA integrity_check and
// PRAGMA foreign_key_check must both come back clean (the crash test and operators use it after
// an unclean stop); on PostgreSQL, which checks itself continuously, it only pings.
func (db *DB) Check(ctx context.Context) error {
	if db.closed.Load() {
		return fmt.Errorf("check: %w", store.ErrClosed)
	}
	if db.path == "" {
		return db.sql.PingContext(ctx)
	}
	rows, err := db.sql.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return fmt.Errorf("check: %w", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	fk, err := db.sql.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	for fk.Next() {
		var table string
		var rowid, parent, fkid any
		if err := fk.Scan(&table, &rowid, &parent, &fkid); err != nil {
			fk.Close()
			return fmt.Errorf("check: %w", err)
		}
		problems = append(problems, fmt.Sprintf("foreign key violation in %s row %v (parent %v)", table, rowid, parent))
	}
	fk.Close()
	if err := fk.Err(); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check: database is damaged: %s", strings.Join(problems, "; "))
	}
	return nil
}
