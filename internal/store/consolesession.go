package store

import (
	"context"
	"time"
)

// ConsoleSession is a browser signed in to the web console. Sessions live in the store, not in
// one node's memory, so a deployment of several nodes honours a sign-in (and a sign-out) on every
// node. The store keeps only a hash of the session's ID: a copy of the database, or a look at it,
// does not let anyone take a session over.
type ConsoleSession struct {
	IDHash string // hex SHA-256 of the random session ID the browser's cookie holds
	UserID string // "" for the account's root identity
	// Stage is what the sign-in still needs before the session may act: "" when complete,
	// otherwise a step the console names (an MFA code, a new password).
	Stage      string
	MFA        bool // the second factor was proved
	CreateDate time.Time
	LastSeen   time.Time // the last request, for idle expiry
	Expires    time.Time // absolute expiry
}

// ConsoleSessions keeps console sessions. Like the counters of Store, each method is one
// statement outside any Update: sessions move no revision and log no change, since no
// authorization decision depends on them. *sqlstore.DB implements it.
type ConsoleSessions interface {
	// CreateConsoleSession stores s; ErrExists when its IDHash is taken.
	CreateConsoleSession(ctx context.Context, s ConsoleSession) error
	// GetConsoleSession returns the session with this hash unless it has expired at now;
	// ErrNotFound for a missing or expired one.
	GetConsoleSession(ctx context.Context, idHash string, now time.Time) (ConsoleSession, error)
	// UpdateConsoleSession replaces the Stage, MFA, LastSeen and Expires of the session s.IDHash;
	// ErrNotFound when it is gone.
	UpdateConsoleSession(ctx context.Context, s ConsoleSession) error
	// DeleteConsoleSession ends a session; ending one that is already gone is not an error.
	DeleteConsoleSession(ctx context.Context, idHash string) error
	// PruneConsoleSessions deletes the sessions expired at now and reports how many it deleted.
	PruneConsoleSessions(ctx context.Context, now time.Time) (int, error)
}

// ConsoleSessionWriter ends console sessions inside an Update, so that what makes them invalid
// commits together with their end: no request sees a user's new password while a session begun
// with the old one still acts.
type ConsoleSessionWriter interface {
	// DeleteUserConsoleSessions ends every session of userID ("" for the account's root) except
	// the one whose hash is keepIDHash ("" keeps none), and reports how many it ended. Like the
	// rest of ConsoleSessions it logs no change: no authorization decision depends on sessions.
	DeleteUserConsoleSessions(ctx context.Context, userID, keepIDHash string) (int, error)
}
