package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"modernc.org/sqlite"

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
	return backup(ctx, db.sql, db.path, w, db.fail)
}

// BackupSQLite writes a consistent copy of the SQLite store in the file at path to w, as
// (*DB).Backup does, without opening it as a store: it neither creates the file nor migrates its
// schema. So a newer binary can back up the database of an older server that is still running
// (the usual step before an upgrade) and leave it, and the copy, as that server knows them.
func BackupSQLite(ctx context.Context, path string, w io.Writer) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	connector, err := sqlite.NewConnector(sqliteDSN(path))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	sdb := sql.OpenDB(connector)
	defer sdb.Close()
	return backup(ctx, sdb, path, w, classify)
}

// backup is Backup on the database in the file at path, open as sdb; fail classifies its errors.
func backup(ctx context.Context, sdb *sql.DB, path string, w io.Writer, fail func(error) error) error {
	dir, err := os.MkdirTemp(filepath.Dir(path), ".rampart-backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "backup.db")
	if _, err := sdb.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("backup: %w", fail(err))
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
