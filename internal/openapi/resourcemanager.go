package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// resourceGroups is the part of the domain this file serves: Resource Manager's resource
// groups and resource-group-scoped grants.
type resourceGroups interface {
	CreateResourceGroup(context.Context, *authz.Caller, ram.CreateResourceGroupInput) (ram.ResourceGroup, error)
	GetResourceGroup(context.Context, *authz.Caller, ram.ResourceGroupInput) (ram.ResourceGroup, error)
	ListResourceGroups(context.Context, *authz.Caller, ram.ListResourceGroupsInput) (ram.NumberedPage[ram.ResourceGroup], error)
	UpdateResourceGroup(context.Context, *authz.Caller, ram.UpdateResourceGroupInput) (ram.ResourceGroup, error)
	DeleteResourceGroup(context.Context, *authz.Caller, ram.ResourceGroupInput) (ram.ResourceGroup, error)
	AttachPolicy(context.Context, *authz.Caller, ram.PolicyAttachmentInput) error
	DetachPolicy(context.Context, *authz.Caller, ram.PolicyAttachmentInput) error
	ListPolicyAttachments(context.Context, *authz.Caller, ram.ListPolicyAttachmentsInput) (ram.NumberedPage[ram.PolicyAttachment], error)
}

type wResourceGroup struct {
	Id          string
	Name        string
	DisplayName string `json:",omitempty" xml:",omitempty"`
	AccountId   string
	Status      string
	CreateDate  string `json:",omitempty" xml:",omitempty"`
}

func wireResourceGroup(g ram.ResourceGroup) wResourceGroup {
	return wResourceGroup{Id: g.ID, Name: g.Name, DisplayName: g.DisplayName, AccountId: g.AccountID, Status: g.Status,
		CreateDate: wireTime(g.CreateDate)}
}

type wPolicyAttachment struct {
	ResourceGroupId string
	PolicyType      string
	PolicyName      string
	Description     string `json:",omitempty" xml:",omitempty"`
	PrincipalType   string
	PrincipalName   string
	AttachDate      string `json:",omitempty" xml:",omitempty"`
}

// numbered is the paging part of Resource Manager's lists.
type numbered struct {
	TotalCount int
	PageNumber int
	PageSize   int
}

func wireNumbered[T any](p ram.NumberedPage[T]) numbered {
	return numbered{TotalCount: p.TotalCount, PageNumber: p.PageNumber, PageSize: p.PageSize}
}

type resourceGroupResponse struct {
	meta
	ResourceGroup wResourceGroup
}

type listResourceGroupsResponse struct {
	meta
	numbered
	ResourceGroups struct{ ResourceGroup []wResourceGroup }
}

type listPolicyAttachmentsResponse struct {
	meta
	numbered
	PolicyAttachments struct{ PolicyAttachment []wPolicyAttachment }
}

func respondResourceGroup(g ram.ResourceGroup) response {
	return &resourceGroupResponse{ResourceGroup: wireResourceGroup(g)}
}

func resourceGroupInput(k *call) ram.ResourceGroupInput {
	return ram.ResourceGroupInput{RequestID: k.requestID, ResourceGroupID: k.p.Required("ResourceGroupId")}
}

func policyAttachmentInput(k *call) ram.PolicyAttachmentInput {
	return ram.PolicyAttachmentInput{RequestID: k.requestID, ResourceGroupID: k.p.Required("ResourceGroupId"),
		PolicyType: k.p.Required("PolicyType"), PolicyName: k.p.Required("PolicyName"),
		PrincipalType: k.p.Required("PrincipalType"), PrincipalName: k.p.Required("PrincipalName")}
}

func resourceManagerActions() []action {
	return []action{
		{name: "CreateResourceGroup", summary: "Create a resource group", write: true,
			handle: op(func(k *call) ram.CreateResourceGroupInput {
				return ram.CreateResourceGroupInput{RequestID: k.requestID, Name: k.p.Required("Name"), DisplayName: k.p.String("DisplayName")}
			}, RAM.CreateResourceGroup, respondResourceGroup)},
		{name: "GetResourceGroup", summary: "Show a resource group", handle: op(resourceGroupInput, RAM.GetResourceGroup, respondResourceGroup)},
		{name: "ListResourceGroups", summary: "List resource groups",
			handle: op(func(k *call) ram.ListResourceGroupsInput {
				in := ram.ListResourceGroupsInput{RequestID: k.requestID, PageNumber: k.p.Positive("PageNumber"), PageSize: k.p.Positive("PageSize"),
					IDs: k.p.List("ResourceGroupIds"), Name: k.p.String("Name"), DisplayName: k.p.String("DisplayName"), Status: k.p.String("Status"),
					Tags: tags(k.p, "Tag")}
				if id := k.p.String("ResourceGroupId"); id != "" && len(in.IDs) == 0 {
					in.IDs = []string{id} // ResourceGroupIds prevails when both are given
				}
				return in
			}, RAM.ListResourceGroups, func(p ram.NumberedPage[ram.ResourceGroup]) response {
				r := &listResourceGroupsResponse{numbered: wireNumbered(p)}
				r.ResourceGroups.ResourceGroup = nonNil(mapList(p.Items, wireResourceGroup))
				return r
			})},
		{name: "UpdateResourceGroup", summary: "Change a resource group's display name", write: true,
			handle: op(func(k *call) ram.UpdateResourceGroupInput {
				return ram.UpdateResourceGroupInput{RequestID: k.requestID, ResourceGroupID: k.p.Required("ResourceGroupId"),
					NewDisplayName: k.p.Required("NewDisplayName")}
			}, RAM.UpdateResourceGroup, respondResourceGroup)},
		{name: "DeleteResourceGroup", summary: "Delete a resource group (it must have no grants in it)", write: true,
			handle: op(resourceGroupInput, RAM.DeleteResourceGroup, respondResourceGroup)},
		{name: "AttachPolicy", summary: "Grant a policy to a user, group or role within a resource group (or the account)", write: true,
			handle: exec(policyAttachmentInput, RAM.AttachPolicy)},
		{name: "DetachPolicy", summary: "Revoke a grant made with AttachPolicy", write: true,
			handle: exec(policyAttachmentInput, RAM.DetachPolicy)},
		{name: "ListPolicyAttachments", summary: "List grants, by resource group, policy or principal",
			handle: op(func(k *call) ram.ListPolicyAttachmentsInput {
				return ram.ListPolicyAttachmentsInput{RequestID: k.requestID, ResourceGroupID: k.p.String("ResourceGroupId"),
					PolicyType: k.p.String("PolicyType"), PolicyName: k.p.String("PolicyName"),
					PrincipalType: k.p.String("PrincipalType"), PrincipalName: k.p.String("PrincipalName"),
					PageNumber: k.p.Positive("PageNumber"), PageSize: k.p.Positive("PageSize")}
			}, RAM.ListPolicyAttachments, func(p ram.NumberedPage[ram.PolicyAttachment]) response {
				r := &listPolicyAttachmentsResponse{numbered: wireNumbered(p)}
				r.PolicyAttachments.PolicyAttachment = nonNil(mapList(p.Items, func(a ram.PolicyAttachment) wPolicyAttachment {
					return wPolicyAttachment{ResourceGroupId: a.ResourceGroupID, PolicyType: a.PolicyType, PolicyName: a.PolicyName,
						Description: a.Description, PrincipalType: a.PrincipalType, PrincipalName: a.PrincipalName,
						AttachDate: wireTime(a.AttachDate)}
				}))
				return r
			})},
	}
}
