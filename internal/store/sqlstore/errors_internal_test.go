package sqlstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
)

// classify tells a database that cannot be reached (a retryable 503 ServiceUnavailable) from one
// that refused a statement and from everything else (an internal error, a bug).
func TestClassifyUnreachable(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		unavailable bool
		sentinel    error // for the others: what errors.Is must find, if anything
	}{
		{"connection refused", refusedConnect(t), true, nil},
		{"connection reset", fmt.Errorf("failed to receive message: %w",
			&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}), true, nil},
		{"hung up mid-answer", fmt.Errorf("failed to receive message: %w", io.ErrUnexpectedEOF), true, nil},
		{"no live connection", fmt.Errorf("begin: %w", driver.ErrBadConn), true, nil},
		{"connection closed", fmt.Errorf("query: %w", pgconn.ErrConnClosed), true, nil},
		{"server shutting down", &pgconn.PgError{Code: "57P01"}, true, nil},
		{"server starting", &pgconn.PgError{Code: "57P03"}, true, nil},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true, nil},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true, nil},

		{"unique violation", &pgconn.PgError{Code: "23505"}, false, store.ErrExists},
		{"foreign key violation", &pgconn.PgError{Code: "23503"}, false, store.ErrConflict},
		{"wrong password", &pgconn.PgError{Code: "28P01"}, false, nil},
		{"syntax error", &pgconn.PgError{Code: "42601"}, false, nil},
		{"the caller gave up", fmt.Errorf("query: %w", context.Canceled), false, nil},
		{"a bug", errors.New("sql: Scan error on column index 0"), false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classify(tt.err)
			if !errors.Is(got, tt.err) {
				t.Errorf("classify(%v) = %v: the driver's error is lost", tt.err, got)
			}
			kind, unavailable := errs.KindOf(got), errors.Is(got, store.ErrUnavailable)
			if tt.unavailable {
				if kind != errs.Unavailable || !unavailable || errs.CodeOf(got) != "ServiceUnavailable" {
					t.Errorf("classify(%v) = %v (kind %v, code %s), want ServiceUnavailable wrapping store.ErrUnavailable",
						tt.err, got, kind, errs.CodeOf(got))
				}
				return
			}
			if kind == errs.Unavailable || unavailable {
				t.Errorf("classify(%v) = %v: not a reachability failure, but classified as one", tt.err, got)
			}
			if tt.sentinel != nil && !errors.Is(got, tt.sentinel) {
				t.Errorf("classify(%v) = %v, want it to match %v", tt.err, got, tt.sentinel)
			}
		})
	}
}

// refusedConnect is pgx's error for a server whose port is closed.
func refusedConnect(t *testing.T) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, "postgres://rampart@"+addr+"/rampart?sslmode=disable")
	if err == nil {
		conn.Close(ctx)
		t.Fatalf("connected to %s, a closed port", addr)
	}
	if ce := (*pgconn.ConnectError)(nil); !errors.As(err, &ce) {
		t.Fatalf("connecting to a closed port: %T %v, want a *pgconn.ConnectError", err, err)
	}
	return err
}
