package store

import (
	"context"
	"time"
)

// Group is a RAM user group.
type Group struct {
	ID         string
	Name       string // unique case-insensitively
	Comments   string
	CreateDate time.Time
	UpdateDate time.Time
}

// Membership says that a user belongs to a group since JoinDate.
type Membership struct {
	GroupID  string
	UserID   string
	JoinDate time.Time
}

// GroupMember is a user of a group, as ListUsersForGroup returns it.
type GroupMember struct {
	User     User
	JoinDate time.Time
}

// UserGroup is a group a user belongs to, as ListGroupsForUser returns it.
type UserGroup struct {
	Group    Group
	JoinDate time.Time
}

// GroupReader reads groups and their members.
type GroupReader interface {
	GetGroup(ctx context.Context, id string) (Group, error)
	// GetGroupByName finds a group by name, ignoring case.
	GetGroupByName(ctx context.Context, name string) (Group, error)
	// ListGroups lists groups ordered by name (case-insensitively).
	ListGroups(ctx context.Context, p Page) (groups []Group, next string, err error)
	CountGroups(ctx context.Context) (int, error)

	// ListGroupsForUser lists the user's groups ordered by group name.
	ListGroupsForUser(ctx context.Context, userID string) ([]UserGroup, error)
	// ListUsersForGroup lists the group's users ordered by user name.
	ListUsersForGroup(ctx context.Context, groupID string, p Page) (members []GroupMember, next string, err error)
	CountGroupsForUser(ctx context.Context, userID string) (int, error)
	CountUsersForGroup(ctx context.Context, groupID string) (int, error)
	// ListMemberships returns every membership, ordered by group ID then user ID; for building
	// an in-memory snapshot.
	ListMemberships(ctx context.Context) ([]Membership, error)
}

// GroupWriter creates, changes and deletes groups and memberships.
type GroupWriter interface {
	// CreateGroup stores a new group; ErrExists when its ID or name is taken.
	CreateGroup(ctx context.Context, g Group) error
	// UpdateGroup replaces the group with ID g.ID, including its name (a rename).
	UpdateGroup(ctx context.Context, g Group) error
	// DeleteGroup removes a group; ErrConflict while it has members or attached policies.
	DeleteGroup(ctx context.Context, id string) error
	// AddUserToGroup stores a membership; ErrExists when it exists, ErrConflict when the user or
	// the group does not.
	AddUserToGroup(ctx context.Context, m Membership) error
	// RemoveUserFromGroup removes a membership; ErrNotFound when there is none.
	RemoveUserFromGroup(ctx context.Context, groupID, userID string) error
}
