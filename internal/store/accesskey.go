package store

import (
	"context"
	"time"
)

// AccessKey statuses.
const (
	AccessKeyActive   = "Active"
	AccessKeyInactive = "Inactive"
)

// AccessKey is an AccessKey pair. The store never sees the secret: SecretCiphertext is encrypted
// by the caller under a master key kept outside the database.
type AccessKey struct {
	ID               string
	UserID           string // "" for the account's root identity
	SecretCiphertext []byte
	Status           string // AccessKeyActive or AccessKeyInactive
	CreateDate       time.Time
	LastUsedDate     time.Time // zero: never used
}

// AccessKeyReader reads AccessKeys.
type AccessKeyReader interface {
	GetAccessKey(ctx context.Context, id string) (AccessKey, error)
	// ListAccessKeys lists a user's keys ("" for the root's) oldest first.
	ListAccessKeys(ctx context.Context, userID string) ([]AccessKey, error)
	CountAccessKeys(ctx context.Context, userID string) (int, error)
}

// AccessKeyWriter creates, changes and deletes AccessKeys.
type AccessKeyWriter interface {
	// CreateAccessKey stores a key; ErrExists for a taken ID, ErrConflict for an unknown user.
	CreateAccessKey(ctx context.Context, k AccessKey) error
	// UpdateAccessKey replaces the status and last-used date of the key with ID k.ID. A key read
	// in the same Update is written back whole, so Store.TouchAccessKey waits for an Update that
	// has read it.
	UpdateAccessKey(ctx context.Context, k AccessKey) error
	DeleteAccessKey(ctx context.Context, id string) error
}
