package store

import (
	"context"
	"time"
)

// AuditRecord is one entry of the action trail. Records are append-only.
type AuditRecord struct {
	ID           int64 // assigned by the store, increasing in commit order
	Time         time.Time
	RequestID    string
	PrincipalARN string
	Action       string // e.g. "ram:CreateUser"
	Target       string // the ARN or name acted on
	Result       string // "Success" or the error code
	SourceIP     string
	Detail       string // free-form, e.g. JSON; never secrets
}

// AuditQuery selects audit records. Zero fields match anything.
type AuditQuery struct {
	PrincipalARN string
	Action       string
	Result       string
	Since        time.Time // Time >= Since
	Until        time.Time // Time < Until
	BeforeID     int64     // ID < BeforeID: the next page after a page ending at that ID
	Limit        int       // <= 0: no limit
}

// AuditReader reads the action trail.
type AuditReader interface {
	// ListAudit returns matching records, newest (highest ID) first.
	ListAudit(ctx context.Context, q AuditQuery) ([]AuditRecord, error)
}

// AuditWriter appends to the action trail, in the same transaction as the action it records.
type AuditWriter interface {
	// AppendAudit stores r (r.ID is ignored) and returns its ID.
	AppendAudit(ctx context.Context, r AuditRecord) (int64, error)
}
