package store

import (
	"context"
	"time"
)

// User is a RAM user.
type User struct {
	ID            string
	Name          string // unique case-insensitively
	DisplayName   string
	Email         string
	MobilePhone   string
	Comments      string
	CreateDate    time.Time
	UpdateDate    time.Time
	LastLoginDate time.Time // zero: never logged in
}

// UserReader reads users.
type UserReader interface {
	GetUser(ctx context.Context, id string) (User, error)
	// GetUserByName finds a user by name, ignoring case.
	GetUserByName(ctx context.Context, name string) (User, error)
	// ListUsers lists users ordered by name (case-insensitively).
	ListUsers(ctx context.Context, p Page) (users []User, next string, err error)
	CountUsers(ctx context.Context) (int, error)
}

// UserWriter creates, changes and deletes users.
type UserWriter interface {
	// CreateUser stores a new user; ErrExists when its ID or name is taken.
	CreateUser(ctx context.Context, u User) error
	// UpdateUser replaces the user with ID u.ID, including its name (a rename; ErrExists when the
	// new name is taken). LastLoginDate is kept as stored (see Store.RecordLoginSuccess).
	UpdateUser(ctx context.Context, u User) error
	// DeleteUser removes a user; ErrConflict while it is in a group, has AccessKeys, a login
	// profile, an MFA device or attached policies.
	DeleteUser(ctx context.Context, id string) error
}
