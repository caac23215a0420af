package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// roles is the part of the RAM domain this file serves.
type roles interface {
	CreateRole(context.Context, *authz.Caller, ram.CreateRoleInput) (ram.Role, error)
	GetRole(context.Context, *authz.Caller, ram.RoleInput) (ram.Role, error)
	UpdateRole(context.Context, *authz.Caller, ram.UpdateRoleInput) (ram.Role, error)
	DeleteRole(context.Context, *authz.Caller, ram.RoleInput) error
	ListRoles(context.Context, *authz.Caller, ram.PageInput) (ram.Page[ram.Role], error)
}

type roleResponse struct {
	meta
	Role wRole
}

type listRolesResponse struct {
	meta
	page
	Roles wRoles
}

func respondRole(r ram.Role) response { return &roleResponse{Role: wireRole(r)} }

func roleActions() []action {
	return []action{
		{name: "CreateRole", summary: "Create a RAM role with the trust policy saying who may assume it", write: true,
			handle: op(func(k *call) ram.CreateRoleInput {
				return ram.CreateRoleInput{RequestID: k.requestID, RoleName: k.p.Required("RoleName"),
					AssumeRolePolicyDocument: k.p.Required("AssumeRolePolicyDocument"), Description: k.p.String("Description"),
					MaxSessionDuration: k.p.Positive("MaxSessionDuration")}
			}, RAM.CreateRole, respondRole)},
		{name: "GetRole", summary: "Show a RAM role and its trust policy", handle: op(roleInput, RAM.GetRole, respondRole)},
		{name: "UpdateRole", summary: "Change a role's trust policy, description or maximum session duration", write: true,
			handle: op(func(k *call) ram.UpdateRoleInput {
				return ram.UpdateRoleInput{RequestID: k.requestID, RoleName: k.p.Required("RoleName"),
					NewAssumeRolePolicyDocument: k.p.String("NewAssumeRolePolicyDocument"),
					NewDescription:              k.p.String("NewDescription"), NewMaxSessionDuration: k.p.Positive("NewMaxSessionDuration")}
			}, RAM.UpdateRole, respondRole)},
		{name: "DeleteRole", summary: "Delete a RAM role (it must have no policies attached)", write: true,
			handle: exec(roleInput, RAM.DeleteRole)},
		{name: "ListRoles", summary: "List RAM roles", handle: op(func(k *call) ram.PageInput {
			in := pageInput(k)
			in.Tags = tags(k.p, "Tag")
			return in
		}, RAM.ListRoles, func(p ram.Page[ram.Role]) response {
			return &listRolesResponse{page: wirePage(p), Roles: wireRoles(mapList(p.Items, wireRole))}
		})},
	}
}
