package store

import (
	"context"
	"time"
)

// Role is a RAM role.
type Role struct {
	ID                 string
	Name               string // unique case-insensitively
	Description        string
	TrustPolicy        string // the AssumeRolePolicyDocument, as the caller validated it
	MaxSessionDuration int    // seconds
	// ServiceName is, for a service-linked role, the service it is linked to
	// ("eas.pai.aliyuncs.com"); "" for every other role. A service-linked role is made by
	// CreateServiceLinkedRole and keeps its trust policy and policy until DeleteServiceLinkedRole.
	// It is set when the role is created and never changes (UpdateRole leaves it).
	ServiceName string
	CreateDate  time.Time
	UpdateDate  time.Time
}

// RoleReader reads roles.
type RoleReader interface {
	GetRole(ctx context.Context, id string) (Role, error)
	// GetRoleByName finds a role by name, ignoring case.
	GetRoleByName(ctx context.Context, name string) (Role, error)
	// ListRoles lists roles ordered by name (case-insensitively).
	ListRoles(ctx context.Context, p Page) (roles []Role, next string, err error)
	CountRoles(ctx context.Context) (int, error)
}

// RoleWriter creates, changes and deletes roles.
type RoleWriter interface {
	// CreateRole stores a new role; ErrExists when its ID or name is taken.
	CreateRole(ctx context.Context, r Role) error
	// UpdateRole replaces the role with ID r.ID, including its name.
	UpdateRole(ctx context.Context, r Role) error
	// DeleteRole removes a role; ErrConflict while policies are attached to it.
	DeleteRole(ctx context.Context, id string) error
}
