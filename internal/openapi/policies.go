package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// policies is the part of the RAM domain this file serves: policies and their versions.
type policies interface {
	CreatePolicy(context.Context, *authz.Caller, ram.CreatePolicyInput) (ram.Policy, error)
	GetPolicy(context.Context, *authz.Caller, ram.PolicyInput) (ram.PolicyDetail, error)
	UpdatePolicyDescription(context.Context, *authz.Caller, ram.UpdatePolicyDescriptionInput) (ram.Policy, error)
	DeletePolicy(context.Context, *authz.Caller, ram.DeletePolicyInput) error
	ListPolicies(context.Context, *authz.Caller, ram.ListPoliciesInput) (ram.Page[ram.Policy], error)
	CreatePolicyVersion(context.Context, *authz.Caller, ram.CreatePolicyVersionInput) (ram.PolicyVersion, error)
	GetPolicyVersion(context.Context, *authz.Caller, ram.PolicyVersionInput) (ram.PolicyVersion, error)
	ListPolicyVersions(context.Context, *authz.Caller, ram.PolicyInput) ([]ram.PolicyVersion, error)
	DeletePolicyVersion(context.Context, *authz.Caller, ram.CustomPolicyVersionInput) error
	SetDefaultPolicyVersion(context.Context, *authz.Caller, ram.CustomPolicyVersionInput) error
}

type wPolicy struct {
	PolicyName      string
	PolicyType      string
	Description     string `json:",omitempty" xml:",omitempty"`
	DefaultVersion  string
	AttachmentCount *int   `json:",omitempty" xml:",omitempty"`
	CreateDate      string `json:",omitempty" xml:",omitempty"`
	UpdateDate      string `json:",omitempty" xml:",omitempty"`
	AttachDate      string `json:",omitempty" xml:",omitempty"`
}

func wirePolicy(p ram.Policy) wPolicy {
	return wPolicy{PolicyName: p.Name, PolicyType: p.Type, Description: p.Description, DefaultVersion: p.DefaultVersion,
		CreateDate: wireTime(p.CreateDate), UpdateDate: wireTime(p.UpdateDate)}
}

// wireCountedPolicy is wirePolicy with AttachmentCount, which GetPolicy and ListPolicies show.
func wireCountedPolicy(p ram.Policy) wPolicy {
	w := wirePolicy(p)
	w.AttachmentCount = &p.AttachmentCount
	return w
}

type wPolicyVersion struct {
	VersionId        string
	IsDefaultVersion bool
	PolicyDocument   string
	CreateDate       string `json:",omitempty" xml:",omitempty"`
}

func wireVersion(v ram.PolicyVersion) wPolicyVersion {
	return wPolicyVersion{VersionId: v.VersionID, IsDefaultVersion: v.IsDefault, PolicyDocument: v.Document,
		CreateDate: wireTime(v.CreateDate)}
}

type (
	wPolicies       struct{ Policy []wPolicy }
	wPolicyVersions struct{ PolicyVersion []wPolicyVersion }
)

type policyResponse struct {
	meta
	Policy wPolicy
}

type getPolicyResponse struct {
	meta
	Policy               wPolicy
	DefaultPolicyVersion wPolicyVersion
}

type listPoliciesResponse struct {
	meta
	page
	Policies wPolicies
}

type policyVersionResponse struct {
	meta
	PolicyVersion wPolicyVersion
}

type listPolicyVersionsResponse struct {
	meta
	PolicyVersions wPolicyVersions
}

func respondPolicy(p ram.Policy) response { return &policyResponse{Policy: wirePolicy(p)} }

func respondVersion(v ram.PolicyVersion) response {
	return &policyVersionResponse{PolicyVersion: wireVersion(v)}
}

// policyInput names a policy by type and name. PolicyType is checked by the domain (System or
// Custom, RAM's InvalidParameter.PolicyType).
func policyInput(k *call) ram.PolicyInput {
	return ram.PolicyInput{RequestID: k.requestID, PolicyType: k.p.String("PolicyType"), PolicyName: k.p.Required("PolicyName")}
}

func customVersionInput(k *call) ram.CustomPolicyVersionInput {
	return ram.CustomPolicyVersionInput{RequestID: k.requestID, PolicyName: k.p.Required("PolicyName"), VersionID: k.p.Required("VersionId")}
}

func policyActions() []action {
	return []action{
		{name: "CreatePolicy", summary: "Create a custom policy (its document becomes version v1)", write: true, handle: op(func(k *call) ram.CreatePolicyInput {
			return ram.CreatePolicyInput{RequestID: k.requestID, PolicyName: k.p.Required("PolicyName"),
				PolicyDocument: k.p.Required("PolicyDocument"), Description: k.p.String("Description")}
		}, RAM.CreatePolicy, respondPolicy)},
		{name: "GetPolicy", summary: "Show a policy and its default version", handle: op(policyInput, RAM.GetPolicy, func(p ram.PolicyDetail) response {
			return &getPolicyResponse{Policy: wireCountedPolicy(p.Policy), DefaultPolicyVersion: wireVersion(p.DefaultPolicyVersion)}
		})},
		{name: "UpdatePolicyDescription", summary: "Change a custom policy's description", write: true, handle: op(func(k *call) ram.UpdatePolicyDescriptionInput {
			return ram.UpdatePolicyDescriptionInput{RequestID: k.requestID, PolicyName: k.p.Required("PolicyName"),
				NewDescription: k.p.String("NewDescription")}
		}, RAM.UpdatePolicyDescription, respondPolicy)},
		{name: "DeletePolicy", summary: "Delete a custom policy (it must be detached and have no other versions)", write: true, handle: exec(func(k *call) ram.DeletePolicyInput {
			return ram.DeletePolicyInput{RequestID: k.requestID, PolicyName: k.p.Required("PolicyName")}
		}, RAM.DeletePolicy)},
		{name: "ListPolicies", summary: "List system and custom policies", handle: op(func(k *call) ram.ListPoliciesInput {
			return ram.ListPoliciesInput{RequestID: k.requestID, PolicyType: k.p.String("PolicyType"),
				Marker: k.p.String("Marker"), MaxItems: k.p.Positive("MaxItems"), Tags: tags(k.p, "Tag")}
		}, RAM.ListPolicies, func(p ram.Page[ram.Policy]) response {
			return &listPoliciesResponse{page: wirePage(p), Policies: wPolicies{Policy: nonNil(mapList(p.Items, wireCountedPolicy))}}
		})},
		{name: "CreatePolicyVersion", summary: "Add a version to a custom policy", write: true, handle: op(func(k *call) ram.CreatePolicyVersionInput {
			return ram.CreatePolicyVersionInput{RequestID: k.requestID, PolicyName: k.p.Required("PolicyName"),
				PolicyDocument: k.p.Required("PolicyDocument"), SetAsDefault: k.p.Bool("SetAsDefault"),
				RotateStrategy: k.p.String("RotateStrategy")}
		}, RAM.CreatePolicyVersion, respondVersion)},
		{name: "GetPolicyVersion", summary: "Show one version of a policy", handle: op(func(k *call) ram.PolicyVersionInput {
			return ram.PolicyVersionInput{RequestID: k.requestID, PolicyType: k.p.String("PolicyType"),
				PolicyName: k.p.Required("PolicyName"), VersionID: k.p.Required("VersionId")}
		}, RAM.GetPolicyVersion, respondVersion)},
		{name: "ListPolicyVersions", summary: "List the versions of a policy", handle: op(policyInput, RAM.ListPolicyVersions, func(vs []ram.PolicyVersion) response {
			return &listPolicyVersionsResponse{PolicyVersions: wPolicyVersions{PolicyVersion: nonNil(mapList(vs, wireVersion))}}
		})},
		{name: "DeletePolicyVersion", summary: "Delete a non-default version of a custom policy", write: true, handle: exec(customVersionInput, RAM.DeletePolicyVersion)},
		{name: "SetDefaultPolicyVersion", summary: "Make a version the one in force", write: true, handle: exec(customVersionInput, RAM.SetDefaultPolicyVersion)},
	}
}
