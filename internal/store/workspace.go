package store

import (
	"context"
	"time"
)

// Workspace is a PAI workspace (AIWorkspace API): a unit of collaboration whose members hold
// workspace roles.
type Workspace struct {
	ID          string
	Name        string // unique case-insensitively
	DisplayName string
	Description string
	EnvTypes    []string // "dev", "prod"; none may contain a comma
	Status      string   // "ENABLED", ...
	// CreatorID is the UID of the identity that created the workspace (a user's or role's ID,
	// the account ID for the root).
	CreatorID string
	// ResourceGroupID is the resource group the workspace belongs to ("" for none). It is not a
	// reference the store enforces: a workspace does not stop its group from being deleted.
	ResourceGroupID string
	// IsDefault marks the account's default workspace; at most one workspace is.
	IsDefault  bool
	CreateDate time.Time
	UpdateDate time.Time
}

// WorkspaceMember gives a RAM user or role workspace roles in one workspace. The principal is
// not a reference the store enforces: deleting a RAM user leaves its memberships behind, inert,
// since a user created later under the same name has another ID.
type WorkspaceMember struct {
	WorkspaceID   string
	PrincipalType string   // PrincipalUser or PrincipalRole
	PrincipalID   string   // unique within the workspace, whatever the type
	Roles         []string // role IDs ("PAI.AlgoDeveloper"); none may contain a comma
	CreateDate    time.Time
}

// WorkspaceResource is a resource attached to a workspace: a compute quota, a MaxCompute
// project, an OSS path. The store keeps what describes it as given.
type WorkspaceResource struct {
	ID          string
	WorkspaceID string
	Name        string // unique within the workspace, case-insensitively
	GroupName   string // resources of one group (a project's dev and prod halves) go together
	Type        string // "MaxCompute", "ECS", "Lingjun", "ACS", "FLINK", "OSS"
	EnvType     string // "dev" or "prod"
	IsDefault   bool
	Spec        string // a JSON object
	Quotas      string // a JSON array of the quotas the resource uses
	CreateDate  time.Time
}

// WorkspaceReader reads workspaces, their members and their resources.
type WorkspaceReader interface {
	GetWorkspace(ctx context.Context, id string) (Workspace, error)
	// GetWorkspaceByName finds a workspace by name, ignoring case.
	GetWorkspaceByName(ctx context.Context, name string) (Workspace, error)
	// GetDefaultWorkspace returns the account's default workspace; ErrNotFound when none is.
	GetDefaultWorkspace(ctx context.Context) (Workspace, error)
	// ListWorkspaces lists every workspace ordered by CreateDate, then ID.
	ListWorkspaces(ctx context.Context) ([]Workspace, error)
	CountWorkspaces(ctx context.Context) (int, error)

	GetWorkspaceMember(ctx context.Context, workspaceID, principalID string) (WorkspaceMember, error)
	// ListWorkspaceMembers lists the members of one workspace ("": of every workspace), ordered
	// by workspace ID, CreateDate, then principal ID.
	ListWorkspaceMembers(ctx context.Context, workspaceID string) ([]WorkspaceMember, error)
	CountWorkspaceMembers(ctx context.Context, workspaceID string) (int, error)

	GetWorkspaceResource(ctx context.Context, id string) (WorkspaceResource, error)
	// ListWorkspaceResources lists the resources of one workspace ("": of every workspace),
	// ordered by workspace ID, then name (case-insensitively).
	ListWorkspaceResources(ctx context.Context, workspaceID string) ([]WorkspaceResource, error)
	CountWorkspaceResources(ctx context.Context, workspaceID string) (int, error)
}

// WorkspaceWriter creates, changes and deletes workspaces, members and resources.
type WorkspaceWriter interface {
	// CreateWorkspace stores a workspace; ErrExists when its ID or name is taken, or when it is
	// the default and another workspace already is.
	CreateWorkspace(ctx context.Context, w Workspace) error
	// UpdateWorkspace replaces every mutable field of the workspace w.ID (ErrExists as above).
	UpdateWorkspace(ctx context.Context, w Workspace) error
	// DeleteWorkspace removes a workspace; ErrConflict while it has members or resources.
	DeleteWorkspace(ctx context.Context, id string) error

	// CreateWorkspaceMember adds a member; ErrExists when the principal is a member already,
	// ErrConflict when the workspace does not exist.
	CreateWorkspaceMember(ctx context.Context, m WorkspaceMember) error
	// UpdateWorkspaceMember replaces the member's roles.
	UpdateWorkspaceMember(ctx context.Context, m WorkspaceMember) error
	DeleteWorkspaceMember(ctx context.Context, workspaceID, principalID string) error

	// CreateWorkspaceResource attaches a resource; ErrExists when its ID, or its name in the
	// workspace, is taken, ErrConflict when the workspace does not exist.
	CreateWorkspaceResource(ctx context.Context, r WorkspaceResource) error
	// UpdateWorkspaceResource replaces the group, environment, default flag, spec and quotas of
	// the resource r.ID of workspace r.WorkspaceID; ErrNotFound when there is none.
	UpdateWorkspaceResource(ctx context.Context, r WorkspaceResource) error
	DeleteWorkspaceResource(ctx context.Context, id string) error
}
