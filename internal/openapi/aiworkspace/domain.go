package aiworkspace

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/pai"
)

// Workspaces is the workspace domain the API calls; *pai.Service implements it.
type Workspaces interface {
	CreateWorkspace(context.Context, *authz.Caller, pai.CreateWorkspaceInput) (pai.Workspace, error)
	GetWorkspace(context.Context, *authz.Caller, pai.WorkspaceInput) (pai.Workspace, error)
	UpdateWorkspace(context.Context, *authz.Caller, pai.UpdateWorkspaceInput) error
	DeleteWorkspace(context.Context, *authz.Caller, pai.WorkspaceInput) error
	ListWorkspaces(context.Context, *authz.Caller, pai.ListWorkspacesInput) (pai.WorkspaceList, error)
	GetDefaultWorkspace(context.Context, *authz.Caller, pai.DefaultWorkspaceInput) (pai.Workspace, error)
	UpdateDefaultWorkspace(context.Context, *authz.Caller, pai.WorkspaceInput) error
	ChangeResourceGroup(context.Context, *authz.Caller, pai.ChangeResourceGroupInput) error

	CreateMember(context.Context, *authz.Caller, pai.CreateMemberInput) ([]pai.Member, error)
	ListMembers(context.Context, *authz.Caller, pai.ListMembersInput) (pai.MemberList, error)
	GetMember(context.Context, *authz.Caller, pai.GetMemberInput) (pai.Member, error)
	DeleteMembers(context.Context, *authz.Caller, pai.DeleteMembersInput) error
	AddMemberRole(context.Context, *authz.Caller, pai.MemberRoleInput) error
	RemoveMemberRole(context.Context, *authz.Caller, pai.MemberRoleInput) error
	ListWorkspaceUsers(context.Context, *authz.Caller, pai.ListWorkspaceUsersInput) ([]pai.Principal, error)

	GetPermission(context.Context, *authz.Caller, pai.GetPermissionInput) (pai.PermissionRules, error)
	ListPermissions(context.Context, *authz.Caller, pai.ListPermissionsInput) ([]pai.PermissionRules, error)

	CreateWorkspaceResource(context.Context, *authz.Caller, pai.CreateWorkspaceResourceInput) ([]string, error)
	ListResources(context.Context, *authz.Caller, pai.ListResourcesInput) (pai.ResourceList, error)
	UpdateWorkspaceResource(context.Context, *authz.Caller, pai.UpdateWorkspaceResourceInput) ([]string, error)
	DeleteWorkspaceResource(context.Context, *authz.Caller, pai.DeleteWorkspaceResourceInput) ([]string, error)
	ListQuotas(context.Context, *authz.Caller, pai.ListQuotasInput) ([]pai.Quota, error)
}

var _ Workspaces = (*pai.Service)(nil)

// route is one action's method and path pattern.
type route struct {
	name, method, path string
	run                action
}

// routes lists every action, with the methods and paths of the SDK's request constructors
// (services/aiworkspace, InitWithApiInfo).
func routes() []route {
	return []route{
		{"CreateWorkspace", "POST", "/api/v1/workspaces", createWorkspace},
		{"ListWorkspaces", "GET", "/api/v1/workspaces", listWorkspaces},
		{"GetWorkspace", "GET", "/api/v1/workspaces/{WorkspaceId}", getWorkspace},
		{"UpdateWorkspace", "PUT", "/api/v1/workspaces/{WorkspaceId}", updateWorkspace},
		{"DeleteWorkspace", "DELETE", "/api/v1/workspaces/{WorkspaceId}", deleteWorkspace},
		{"GetDefaultWorkspace", "GET", "/api/v1/defaultWorkspaces", getDefaultWorkspace},
		{"UpdateDefaultWorkspace", "PUT", "/api/v1/defaultWorkspaces", updateDefaultWorkspace},
		// Newer than the v1 SDK (AIWorkSpace20210204 in the Tea SDKs), and outside /api/v1.
		{"ChangeResourceGroup", "PUT", "/resourcegroups/action/changeresourcegroup", changeResourceGroup},

		{"CreateMember", "POST", "/api/v1/workspaces/{WorkspaceId}/members", createMember},
		{"ListMembers", "GET", "/api/v1/workspaces/{WorkspaceId}/members", listMembers},
		{"GetMember", "GET", "/api/v1/workspaces/{WorkspaceId}/member", getMember},
		{"DeleteMembers", "DELETE", "/api/v1/workspaces/{WorkspaceId}/members", deleteMembers},
		{"AddMemberRole", "POST", "/api/v1/workspaces/{WorkspaceId}/members/{MemberId}/roles/{RoleName}", addMemberRole},
		{"RemoveMemberRole", "DELETE", "/api/v1/workspaces/{WorkspaceId}/members/{MemberId}/roles/{RoleName}", removeMemberRole},
		{"ListWorkspaceUsers", "GET", "/api/v1/workspaces/{WorkspaceId}/users", listWorkspaceUsers},

		{"GetPermission", "GET", "/api/v1/workspaces/{WorkspaceId}/permissions/{PermissionCode}", getPermission},
		{"ListPermissions", "GET", "/api/v1/workspaces/{WorkspaceId}/permissions", listPermissions},

		{"CreateWorkspaceResource", "POST", "/api/v1/workspaces/{WorkspaceId}/resources", createWorkspaceResource},
		{"ListResources", "GET", "/api/v1/resources", listResources},
		{"UpdateWorkspaceResource", "PUT", "/api/v1/workspaces/{WorkspaceId}/resources", updateWorkspaceResource},
		{"DeleteWorkspaceResource", "DELETE", "/api/v1/workspaces/{WorkspaceId}/resources", deleteWorkspaceResource},
		{"ListQuotas", "GET", "/api/v1/quotas", listQuotas},
	}
}
