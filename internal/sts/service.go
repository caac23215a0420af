package sts

import (
	"context"
	"errors"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// Role is what AssumeRole needs to know about a role beyond the snapshot.
type Role struct {
	ID, Name           string
	MaxSessionDuration int // seconds
}

// Options are the dependencies and settings of a Service.
type Options struct {
	// Snapshot returns the current authorization snapshot. Required.
	Snapshot func() *authz.Snapshot
	// Role finds a role by name (case-insensitively); an unknown role is an error of kind
	// errs.NotFound. Required.
	Role func(ctx context.Context, name string) (Role, error)
	// Box seals security tokens; every node must share its master key. Required.
	Box *secrets.Box
	// IDs makes AccessKeyIds and secrets. Required.
	IDs *secrets.IDGen
	// MissingRole, when set, says where a role that does not exist is created, for the message
	// of AssumeRole's EntityNotExist.Role: a platform service that assumes the role of a
	// module nobody authorized learns what to authorize and where. "" adds nothing.
	MissingRole func(name string) string
	// Audit receives a record of every AssumeRole that succeeds or is denied; nil records nothing.
	Audit func(ctx context.Context, r store.AuditRecord) error
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxPolicyLength bounds AssumeRole's Policy in characters (not bytes, as STS counts);
	// 0 means DefaultMaxPolicyLength.
	MaxPolicyLength int
	// CacheSize bounds how many opened tokens are kept compiled; 0 means DefaultCacheSize.
	CacheSize int
}

// Defaults of Options.
const (
	// DefaultMaxPolicyLength is STS's current limit on a session policy, in characters (its
	// older documents say 1024; the current AssumeRole page, and the 2022 notice that raised it,
	// say 1 to 2,048 characters).
	DefaultMaxPolicyLength = 2048
	// DefaultCacheSize bounds the compiled-session cache.
	DefaultCacheSize = 10000
)

// Service is the STS of one account. It is safe for concurrent use.
type Service struct {
	snapshot  func() *authz.Snapshot
	role      func(ctx context.Context, name string) (Role, error)
	hint      func(name string) string
	box       *secrets.Box
	ids       *secrets.IDGen
	audit     func(ctx context.Context, r store.AuditRecord) error
	now       func() time.Time
	maxPolicy int
	cache     *sessionCache
}

// New returns a Service.
func New(o Options) (*Service, error) {
	if o.Snapshot == nil || o.Role == nil || o.Box == nil || o.IDs == nil {
		return nil, errors.New("sts: Snapshot, Role, Box and IDs are required")
	}
	s := &Service{snapshot: o.Snapshot, role: o.Role, hint: o.MissingRole, box: o.Box, ids: o.IDs, audit: o.Audit, now: o.Now,
		maxPolicy: o.MaxPolicyLength}
	if s.now == nil {
		s.now = time.Now
	}
	if s.maxPolicy <= 0 {
		s.maxPolicy = DefaultMaxPolicyLength
	}
	size := o.CacheSize
	if size <= 0 {
		size = DefaultCacheSize
	}
	s.cache = newSessionCache(size)
	return s, nil
}
