package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// attachments is the part of the RAM domain this file serves: account-scope grants of policies
// to users, groups and roles.
type attachments interface {
	AttachPolicyToUser(context.Context, *authz.Caller, ram.AttachmentInput) error
	DetachPolicyFromUser(context.Context, *authz.Caller, ram.AttachmentInput) error
	AttachPolicyToGroup(context.Context, *authz.Caller, ram.AttachmentInput) error
	DetachPolicyFromGroup(context.Context, *authz.Caller, ram.AttachmentInput) error
	AttachPolicyToRole(context.Context, *authz.Caller, ram.AttachmentInput) error
	DetachPolicyFromRole(context.Context, *authz.Caller, ram.AttachmentInput) error
	ListPoliciesForUser(context.Context, *authz.Caller, ram.UserInput) ([]ram.AttachedPolicy, error)
	ListPoliciesForGroup(context.Context, *authz.Caller, ram.GroupInput) ([]ram.AttachedPolicy, error)
	ListPoliciesForRole(context.Context, *authz.Caller, ram.RoleInput) ([]ram.AttachedPolicy, error)
	ListEntitiesForPolicy(context.Context, *authz.Caller, ram.PolicyInput) (ram.PolicyEntities, error)
}

type attachedPoliciesResponse struct {
	meta
	Policies wPolicies
}

type entitiesForPolicyResponse struct {
	meta
	Users  wUsers
	Groups wGroups
	Roles  wRoles
}

// attachmentInput decodes an Attach*/Detach* call whose principal parameter is principal
// (UserName, GroupName or RoleName).
func attachmentInput(principal string) func(*call) ram.AttachmentInput {
	return func(k *call) ram.AttachmentInput {
		return ram.AttachmentInput{RequestID: k.requestID, PolicyType: k.p.String("PolicyType"),
			PolicyName: k.p.Required("PolicyName"), PrincipalName: k.p.Required(principal)}
	}
}

func respondAttached(ps []ram.AttachedPolicy) response {
	return &attachedPoliciesResponse{Policies: wPolicies{Policy: nonNil(mapList(ps, func(a ram.AttachedPolicy) wPolicy {
		w := wirePolicy(a.Policy)
		w.AttachDate = wireTime(a.AttachDate)
		return w
	}))}}
}

func roleInput(k *call) ram.RoleInput {
	return ram.RoleInput{RequestID: k.requestID, RoleName: k.p.Required("RoleName")}
}

func attachmentActions() []action {
	return []action{
		{name: "AttachPolicyToUser", summary: "Grant a policy to a RAM user", write: true, handle: exec(attachmentInput("UserName"), RAM.AttachPolicyToUser)},
		{name: "DetachPolicyFromUser", summary: "Revoke a policy from a RAM user", write: true, handle: exec(attachmentInput("UserName"), RAM.DetachPolicyFromUser)},
		{name: "AttachPolicyToGroup", summary: "Grant a policy to a user group", write: true, handle: exec(attachmentInput("GroupName"), RAM.AttachPolicyToGroup)},
		{name: "DetachPolicyFromGroup", summary: "Revoke a policy from a user group", write: true, handle: exec(attachmentInput("GroupName"), RAM.DetachPolicyFromGroup)},
		{name: "AttachPolicyToRole", summary: "Grant a policy to a RAM role", write: true, handle: exec(attachmentInput("RoleName"), RAM.AttachPolicyToRole)},
		{name: "DetachPolicyFromRole", summary: "Revoke a policy from a RAM role", write: true, handle: exec(attachmentInput("RoleName"), RAM.DetachPolicyFromRole)},
		{name: "ListPoliciesForUser", summary: "List the policies attached to a RAM user", handle: op(userInput, RAM.ListPoliciesForUser, respondAttached)},
		{name: "ListPoliciesForGroup", summary: "List the policies attached to a group", handle: op(groupInput, RAM.ListPoliciesForGroup, respondAttached)},
		{name: "ListPoliciesForRole", summary: "List the policies attached to a role", handle: op(roleInput, RAM.ListPoliciesForRole, respondAttached)},
		{name: "ListEntitiesForPolicy", summary: "List the users, groups and roles a policy is attached to", handle: op(policyInput, RAM.ListEntitiesForPolicy, func(e ram.PolicyEntities) response {
			return &entitiesForPolicyResponse{
				Users: wireUsers(mapList(e.Users, func(a ram.AttachedUser) wUser {
					w := wireUser(a.User)
					w.AttachDate = wireTime(a.AttachDate)
					return w
				})),
				Groups: wireGroups(mapList(e.Groups, func(a ram.AttachedGroup) wGroup {
					w := wireGroup(a.Group)
					w.AttachDate = wireTime(a.AttachDate)
					return w
				})),
				Roles: wireRoles(mapList(e.Roles, func(a ram.AttachedRole) wRole {
					w := wireRole(a.Role)
					w.AttachDate = wireTime(a.AttachDate)
					return w
				})),
			}
		})},
	}
}
