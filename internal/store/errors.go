package store

import "errors"

// Sentinel errors. Backends classify driver errors into these once, at their boundary, and wrap
// them with context (fmt.Errorf("create user %q: %w", name, err)); callers use errors.Is.
var (
	// ErrNotFound: the row the call names does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrExists: the write would duplicate a unique key (an ID, a case-insensitive name, a
	// membership, an attachment, a used nonce or MFA time step).
	ErrExists = errors.New("store: already exists")
	// ErrConflict: the write would break a reference: deleting a row that others still refer to
	// (a user still in a group, a policy still attached, ...) or creating a row that refers to a
	// missing one. The domain checks first to return RAM's precise DeleteConflict.* code; this is
	// the database's guarantee behind that check.
	ErrConflict = errors.New("store: conflicts with a reference")
	// ErrUnavailable: the backend could not be reached (connection refused, lost, or timed out
	// while connecting); the same call may succeed later. Backends return it inside an
	// errs.ServiceUnavailable error, so that every API answers it as RAM's retryable 503 without
	// each domain mapping it; errors.Is finds it there. Constraint violations and other errors
	// the server reports about a statement are never ErrUnavailable.
	ErrUnavailable = errors.New("store: backend unavailable")
	// ErrClosed: the store has been closed.
	ErrClosed = errors.New("store: closed")
	// ErrCompacted: the change log no longer holds the revisions asked for (PruneChanges removed
	// them); the reader must rebuild from a full read instead of patching.
	ErrCompacted = errors.New("store: change log compacted past the requested revision")
)
