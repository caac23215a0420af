package console

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/pai"
)

// PAI is what the console's "PAI > Workspaces" pages need of the workspace domain;
// *pai.Service implements it. Every operation takes the signed-in person as the caller and
// authorizes it with RAM policies and workspace roles, as the AIWorkspace API does.
type PAI interface {
	ListWorkspaces(ctx context.Context, c *authz.Caller, in pai.ListWorkspacesInput) (pai.WorkspaceList, error)
	CreateWorkspace(ctx context.Context, c *authz.Caller, in pai.CreateWorkspaceInput) (pai.Workspace, error)
	GetWorkspace(ctx context.Context, c *authz.Caller, in pai.WorkspaceInput) (pai.Workspace, error)
	ListMembers(ctx context.Context, c *authz.Caller, in pai.ListMembersInput) (pai.MemberList, error)
	GetMember(ctx context.Context, c *authz.Caller, in pai.GetMemberInput) (pai.Member, error)
	ListWorkspaceUsers(ctx context.Context, c *authz.Caller, in pai.ListWorkspaceUsersInput) ([]pai.Principal, error)
	CreateMember(ctx context.Context, c *authz.Caller, in pai.CreateMemberInput) ([]pai.Member, error)
	SetMemberRoles(ctx context.Context, c *authz.Caller, in pai.MemberRolesInput) error
	DeleteMembers(ctx context.Context, c *authz.Caller, in pai.DeleteMembersInput) error
	ListPermissions(ctx context.Context, c *authz.Caller, in pai.ListPermissionsInput) ([]pai.PermissionRules, error)
}

var _ PAI = (*pai.Service)(nil)
