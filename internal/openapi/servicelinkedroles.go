package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// serviceLinkedRoles is the part of the domain this file serves: Resource Manager's
// service-linked roles (the SDK's services/resourcemanager).
type serviceLinkedRoles interface {
	CreateServiceLinkedRole(context.Context, *authz.Caller, ram.CreateServiceLinkedRoleInput) (ram.Role, error)
	DeleteServiceLinkedRole(context.Context, *authz.Caller, ram.RoleInput) (string, error)
	GetServiceLinkedRoleDeletionStatus(context.Context, *authz.Caller, ram.DeletionTaskInput) (ram.DeletionStatus, error)
}

// wServiceLinkedRole is the SDK's resourcemanager.Role.
type wServiceLinkedRole struct {
	wRole
	IsServiceLinkedRole bool
}

type serviceLinkedRoleResponse struct {
	meta
	Role wServiceLinkedRole
}

type deleteServiceLinkedRoleResponse struct {
	meta
	DeletionTaskId string
}

type wRoleUsage struct {
	Region    string
	Resources struct{ Resource []string }
}

type wDeletionReason struct {
	Message    string
	RoleUsages struct{ RoleUsage []wRoleUsage }
}

type deletionStatusResponse struct {
	meta
	Status string
	Reason *wDeletionReason `json:",omitempty" xml:",omitempty"`
}

func serviceLinkedRoleActions() []action {
	return []action{
		{name: "CreateServiceLinkedRole", summary: "Create the service-linked role of a service, such as eas.pai.aliyuncs.com", write: true,
			handle: op(func(k *call) ram.CreateServiceLinkedRoleInput {
				return ram.CreateServiceLinkedRoleInput{RequestID: k.requestID, ServiceName: k.p.Required("ServiceName"),
					CustomSuffix: k.p.String("CustomSuffix"), Description: k.p.String("Description")}
			}, RAM.CreateServiceLinkedRole, func(r ram.Role) response {
				return &serviceLinkedRoleResponse{Role: wServiceLinkedRole{wRole: wireRole(r), IsServiceLinkedRole: r.ServiceName != ""}}
			})},
		{name: "DeleteServiceLinkedRole", summary: "Delete a service-linked role unless its service still uses it", write: true,
			handle: op(roleInput, RAM.DeleteServiceLinkedRole, func(id string) response {
				return &deleteServiceLinkedRoleResponse{DeletionTaskId: id}
			})},
		{name: "GetServiceLinkedRoleDeletionStatus", summary: "Show whether a service-linked role's deletion succeeded, and why not",
			handle: op(func(k *call) ram.DeletionTaskInput {
				return ram.DeletionTaskInput{RequestID: k.requestID, DeletionTaskID: k.p.Required("DeletionTaskId")}
			}, RAM.GetServiceLinkedRoleDeletionStatus, respondDeletionStatus)},
	}
}

func respondDeletionStatus(s ram.DeletionStatus) response {
	r := &deletionStatusResponse{Status: s.Status}
	if s.Message != "" || len(s.Usages) > 0 {
		r.Reason = &wDeletionReason{Message: s.Message}
		r.Reason.RoleUsages.RoleUsage = nonNil(mapList(s.Usages, func(u ram.RoleUsage) wRoleUsage {
			w := wRoleUsage{Region: u.Region}
			w.Resources.Resource = nonNil(u.Resources)
			return w
		}))
	}
	return r
}
