package store

import (
	"context"
	"time"
)

// LoginProfile lets a user sign in to the console with a password.
type LoginProfile struct {
	UserID                string
	PasswordHash          string // PHC string; the store never sees the password
	PasswordResetRequired bool
	MFABindRequired       bool
	CreateDate            time.Time
	UpdateDate            time.Time
	PasswordChangeDate    time.Time // for MaxPasswordAge
	FailedAttempts        int       // failed passwords counted since FailedSince (Store.RecordLoginFailure)
	FailedSince           time.Time // when the first counted failure happened; zero when none is
	LockedUntil           time.Time // zero: not locked
	PasswordHistory       []string  // earlier PHC hashes, newest first, for PasswordReusePrevention
}

// LoginProfileReader reads login profiles.
type LoginProfileReader interface {
	GetLoginProfile(ctx context.Context, userID string) (LoginProfile, error)
}

// LoginProfileWriter creates, changes and deletes login profiles.
type LoginProfileWriter interface {
	// CreateLoginProfile stores a profile; ErrExists when the user has one, ErrConflict for an
	// unknown user.
	CreateLoginProfile(ctx context.Context, p LoginProfile) error
	// UpdateLoginProfile replaces every field of the user's profile except CreateDate. A profile
	// read in the same Update is written back whole, so the counters changed outside Update
	// (Store.RecordLoginFailure, RecordLoginSuccess) wait for an Update that has read it.
	UpdateLoginProfile(ctx context.Context, p LoginProfile) error
	DeleteLoginProfile(ctx context.Context, userID string) error
}
