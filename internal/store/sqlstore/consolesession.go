package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// Console sessions: one statement each, outside Update, like the counters in runtime.go.

var _ store.ConsoleSessions = (*DB)(nil)

// CreateConsoleSession stores a session. See store.ConsoleSessions.
func (db *DB) CreateConsoleSession(ctx context.Context, s store.ConsoleSession) error {
	_, err := db.exec(ctx, `INSERT INTO console_sessions (id_hash, user_id, stage, mfa, create_date, last_seen, expires)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, s.IDHash, s.UserID, s.Stage, s.MFA, s.CreateDate.Unix(), s.LastSeen.Unix(), s.Expires.Unix())
	if err != nil {
		return fmt.Errorf("create console session: %w", err)
	}
	return nil
}

// GetConsoleSession reads a live session. See store.ConsoleSessions.
func (db *DB) GetConsoleSession(ctx context.Context, idHash string, now time.Time) (store.ConsoleSession, error) {
	if db.closed.Load() {
		return store.ConsoleSession{}, store.ErrClosed
	}
	s := store.ConsoleSession{IDHash: idHash}
	err := db.sql.QueryRowContext(ctx, db.d.rebind(`SELECT user_id, stage, mfa, create_date, last_seen, expires
		FROM console_sessions WHERE id_hash = ? AND expires > ?`), idHash, now.Unix()).
		Scan(&s.UserID, &s.Stage, &s.MFA, scanTime(&s.CreateDate), scanTime(&s.LastSeen), scanTime(&s.Expires))
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	} else if err != nil {
		err = db.fail(err)
	}
	if err != nil {
		return store.ConsoleSession{}, fmt.Errorf("read console session: %w", err)
	}
	return s, nil
}

// UpdateConsoleSession replaces a session's mutable fields. See store.ConsoleSessions.
func (db *DB) UpdateConsoleSession(ctx context.Context, s store.ConsoleSession) error {
	n, err := db.exec(ctx, `UPDATE console_sessions SET stage = ?, mfa = ?, last_seen = ?, expires = ? WHERE id_hash = ?`,
		s.Stage, s.MFA, s.LastSeen.Unix(), s.Expires.Unix(), s.IDHash)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("update console session: %w", err)
	}
	return nil
}

// DeleteConsoleSession ends a session. See store.ConsoleSessions.
func (db *DB) DeleteConsoleSession(ctx context.Context, idHash string) error {
	if _, err := db.exec(ctx, `DELETE FROM console_sessions WHERE id_hash = ?`, idHash); err != nil {
		return fmt.Errorf("delete console session: %w", err)
	}
	return nil
}

// PruneConsoleSessions deletes expired sessions. See store.ConsoleSessions.
func (db *DB) PruneConsoleSessions(ctx context.Context, now time.Time) (int, error) {
	n, err := db.exec(ctx, `DELETE FROM console_sessions WHERE expires <= ?`, now.Unix())
	if err != nil {
		return 0, fmt.Errorf("prune console sessions: %w", err)
	}
	return int(n), nil
}

// DeleteUserConsoleSessions ends a user's sessions inside an Update. See
// store.ConsoleSessionWriter. Expired sessions are pruned as new ones begin, so the scan
// (no index on user_id) stays as small as the number of people signed in.
func (w *writer) DeleteUserConsoleSessions(ctx context.Context, userID, keepIDHash string) (int, error) {
	res, err := w.exec(ctx, `DELETE FROM console_sessions WHERE user_id = ? AND id_hash <> ?`, userID, keepIDHash)
	if err != nil {
		return 0, fmt.Errorf("delete the console sessions of user %q: %w", userID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, w.fail(err)
	}
	return int(n), nil
}
