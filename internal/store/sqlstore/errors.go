package sqlstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
)

// classify turns a driver error into one that matches store's sentinel errors where one applies,
// keeping the driver's message. It is the only place that knows driver error types. A database
// that cannot be reached is store.ErrUnavailable inside errs.ServiceUnavailable, so that every API
// answers RAM's retryable 503 rather than an internal error.
func classify(err error) error {
	if err == nil {
		return nil
	}
	if unreachable(err) {
		return errs.ServiceUnavailable(fmt.Errorf("%w (%w)", store.ErrUnavailable, err))
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

// unreachable reports whether err says the database could not be reached, rather than that it
// refused a statement: PostgreSQL refused the connection, dropped it, was shutting down or had no
// connection to spare, or connecting timed out. What the server reports about a statement
// (constraints, syntax, serialization) and errors of the caller's own context are not. SQLite,
// a file in the process, is never unreachable.
func unreachable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) { // the server answered: only its own "cannot serve now" counts
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection_exception
			pe.Code == "57P01", // admin_shutdown
			pe.Code == "57P02", // crash_shutdown
			pe.Code == "57P03", // cannot_connect_now (starting up, recovering)
			pe.Code == "53300": // too_many_connections
			return true
		}
		return false // an authentication failure, a missing database: misconfiguration, not an outage
	}
	if ce := (*pgconn.ConnectError)(nil); errors.As(err, &ce) {
		return true // refused, unresolvable, timed out connecting
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false // the caller gave up waiting; the database may be fine
	}
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || // database/sql found no live connection after retrying
		errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || // it hung up mid-answer
		errors.As(err, &ne) // reset, broken pipe
}

// busy reports SQLite's SQLITE_BUSY (or one of its extended codes). busy_timeout makes SQLite wait
// for locks, but in a few places it fails at once instead, because waiting could deadlock: the
// switch of a brand-new file to WAL while another process opens it too is one.
func busy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}
