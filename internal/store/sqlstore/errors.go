package sqlstore

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/rampart-iam/rampart/internal/store"
)

// classify turns a driver error into one that matches store's sentinel errors where one applies,
// keeping the driver's message. It is the only place that knows driver error types.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var sentinel error
	var se *sqlite.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &se):
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			sentinel = store.ErrExists
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			sentinel = store.ErrConflict
		}
	case errors.As(err, &pe):
		switch pe.Code {
		case "23505": // unique_violation
			sentinel = store.ErrExists
		case "23503": // foreign_key_violation
			sentinel = store.ErrConflict
		}
	}
	if sentinel == nil {
		return err
	}
	return fmt.Errorf("%w (%w)", sentinel, err)
}

// busy reports SQLite's SQLITE_BUSY (or one of its extended codes). busy_timeout makes SQLite wait
// for locks, but in a few places it fails at once instead, because waiting could deadlock: the
// switch of a brand-new file to WAL while another process opens it too is one.
func busy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}
