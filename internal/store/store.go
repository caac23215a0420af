package store

import (
	"context"
	"io"
	"time"
)

// Revision numbers committed writes. Every successful Update advances it by exactly one, so a
// revision names one state of the store; readers that reach revision N have seen every write
// acknowledged with N or less.
type Revision int64

// Store is the durable state of one Rampart account. Implementations are safe for concurrent use
// by many goroutines and, where the backend allows (PostgreSQL), by several processes.
type Store interface {
	// Update runs fn in one read-write transaction. When fn returns nil the transaction commits
	// and Update returns the new revision; when fn returns an error (or panics) nothing fn did is
	// kept: no rows, no revision, no change-log entries, and fn's error is returned unchanged.
	// Concurrent Updates are serialised, so what fn reads is still true when it writes. fn must
	// use only tx: the Store's own methods called from inside fn would wait for the Update itself.
	Update(ctx context.Context, fn func(tx Tx) error) (Revision, error)
	// View runs fn in a read-only transaction that sees one consistent state of the store, while
	// Updates go on beside it.
	View(ctx context.Context, fn func(r Reader) error) error

	// Revision returns the latest committed revision.
	Revision(ctx context.Context) (Revision, error)
	// Changes returns the change log after the given revision; see Reader.Changes.
	Changes(ctx context.Context, after Revision, limit int) ([]Change, error)
	// PruneChanges drops change-log entries up to and including through (clamped to the latest
	// revision). Later calls to Changes with an older after fail with ErrCompacted.
	PruneChanges(ctx context.Context, through Revision) error
	// Watch reports the store's latest revision as it moves, so that a reader of the change log
	// learns of a write at once instead of at its next poll. The first value is the revision
	// current once watching has begun; after it, every committed Update (this store's and, on
	// PostgreSQL, any other process's on the same database) is followed by a value at least its
	// revision. Values only grow, and a slow receiver sees only the latest one (they are
	// coalesced, never queued). Delivery is best effort: a notification lost while the backend
	// reconnects is made up by the current revision once it is back, but a reader must still
	// poll now and then. The channel is closed when ctx ends or the store is closed.
	// SQLite notifies writes made through the same store only.
	Watch(ctx context.Context) <-chan Revision

	// UseNonces records a batch of signature nonces, each for its AccessKey until its Expires,
	// and reports which were fresh: fresh[i] is true when batch[i] was recorded now, false when
	// the pair is already recorded and has not expired (a replay) or occurs earlier in the same
	// batch. The check and the insert are one statement, so of several concurrent uses of a pair
	// (in one batch or many, in any process sharing the database) exactly one gets true; and a
	// batch costs one commit however long it is, which is what lets a server record every
	// request's nonce durably. An error means nothing is known about the batch: treat every
	// nonce in it as unusable. An expired pair is taken over in place when it comes again, and
	// expired records are pruned now and then. Outside Update.
	UseNonces(ctx context.Context, batch []Nonce) (fresh []bool, err error)
	// UseMFATimeStep accepts a TOTP time step for a device only if it is later than the last one
	// accepted (RFC 6238 §5.2 replay guard); otherwise ErrExists. ErrNotFound for an unknown
	// device. Outside Update.
	UseMFATimeStep(ctx context.Context, serialNumber string, step int64) error
	// TouchAccessKey moves the key's LastUsedDate forward to at (never backwards). ErrNotFound
	// for an unknown key. Outside Update.
	TouchAccessKey(ctx context.Context, accessKeyID string, at time.Time) error
	// AppendAudit appends r to the action trail outside any Update (r.ID is ignored) and returns
	// its ID, which is higher than every ID appended before, inside an Update or not. Like the
	// counters above it moves no revision and logs no change: the domain uses it for what must be
	// recorded although nothing changed, such as a denied request. Records of an action that does
	// change something belong in that action's Update (Tx.AppendAudit). Outside Update.
	AppendAudit(ctx context.Context, r AuditRecord) (int64, error)
	// RecordLoginSuccess sets the user's LastLoginDate and clears the login failure counter and
	// any lock. ErrNotFound for an unknown user. Outside Update.
	RecordLoginSuccess(ctx context.Context, userID string, at time.Time) error
	// RecordLoginFailure counts a password that failed at at for the user's login profile.
	// Failures count within window of the first of them (LoginProfile.FailedSince); one later
	// than that starts a new count at 1. When the count reaches threshold (> 0) the profile is
	// locked until lockUntil and the count starts again. Concurrent failures are all counted. It
	// returns the profile after the change. ErrNotFound without a login profile. Outside Update.
	RecordLoginFailure(ctx context.Context, userID string, at time.Time, window time.Duration, threshold int, lockUntil time.Time) (LoginProfile, error)

	// Backup writes a consistent copy of the whole store to w while it stays online. Backends
	// without a file of their own (PostgreSQL) return an error wrapping errors.ErrUnsupported
	// that names the tool to use instead (pg_dump).
	Backup(ctx context.Context, w io.Writer) error
	// Close releases the store. Later calls fail with ErrClosed; closing twice is harmless.
	Close() error
}

// Reader is what a View (and an Update) can read. Methods return ErrNotFound for a missing row.
type Reader interface {
	AccountReader
	UserReader
	GroupReader
	RoleReader
	PolicyReader
	AttachmentReader
	AccessKeyReader
	LoginProfileReader
	MFADeviceReader
	ResourceGroupReader
	WorkspaceReader
	ActivationReader
	ServiceCredentialReader
	RoleDeletionTaskReader
	AuditReader

	// Revision returns the revision this transaction reads (in an Update: the one it will commit).
	Revision(ctx context.Context) (Revision, error)
	// Changes returns the change-log entries with a revision after the given one, in commit order.
	// A revision's entries are never split: the result ends at a revision boundary and holds at
	// most limit entries, except that a single revision larger than limit is returned whole.
	// limit <= 0 means no limit. Fewer than limit entries do not mean the log ends there: the
	// revision that would not fit is left out whole. A reader is up to date with Revision read in
	// the same View only when nothing follows the last revision it got (revisions with no
	// entries, an Update that only appended audit records, leave no trace). ErrCompacted when
	// after is older than the pruned log.
	Changes(ctx context.Context, after Revision, limit int) ([]Change, error)
}

// Tx is what an Update can do: read (seeing its own writes) and write. Every write records its
// Change automatically. Write methods take the complete record: Update* methods replace every
// mutable field of the row the record's key names (CreateDate is never mutable).
//
// A call that fails with anything but ErrNotFound ends the transaction's usefulness, as on
// PostgreSQL: every later call returns that failure, and so does Update even if fn returns nil.
// So fn cannot "try an insert and carry on"; it checks first, or fails. A Reader or Tx is not
// safe for concurrent use, and not valid after its View or Update returns.
type Tx interface {
	Reader
	AccountWriter
	UserWriter
	GroupWriter
	RoleWriter
	PolicyWriter
	AttachmentWriter
	AccessKeyWriter
	LoginProfileWriter
	MFADeviceWriter
	ResourceGroupWriter
	WorkspaceWriter
	ActivationWriter
	ServiceCredentialWriter
	RoleDeletionTaskWriter
	AuditWriter
	ConsoleSessionWriter
}

// Page asks for one page of a list ordered by a case-insensitive name (or another documented
// key). Marker is the value a previous call returned as next ("" for the first page); Limit <= 0
// means no limit. Lists return next == "" on the last page.
type Page struct {
	Marker string
	Limit  int
}
