package authz

import (
	"encoding/json"
	"slices"
	"strings"
)

// Where a member service grant applies.
const (
	// OnAccount: every resource of the service in the account (listing calls that name no
	// resource, such as oss:ListBuckets).
	OnAccount = "account"
	// OnOSSBuckets: the buckets of the workspace's OSS paths.
	OnOSSBuckets = "oss-buckets"
	// OnOSSObjects: the objects under the workspace's OSS paths.
	OnOSSObjects = "oss-objects"
	// OnMaxComputeProjects: the workspace's MaxCompute projects and everything in them.
	OnMaxComputeProjects = "maxcompute-projects"
)

// MemberServiceGrant is a right on a cloud service PAI depends on that a workspace role carries
// in that workspace: the seed's "if your RAM users have been added as workspace members, they
// will have partial permissions for other cloud services based on their assigned roles". PAI
// does not publish the list; this is Rampart's, kept to what the roles' own work needs (pick an
// OSS path and read or write under it, use the workspace's MaxCompute projects as the seed's
// MaxCompute Developer role, choose a network and a file system for DSW and DLC, read EAS's
// logs, pick an image from ACR). RAM policies still apply: an explicit Deny beats these grants.
type MemberServiceGrant struct {
	Service string   // the dependent service, as the seed names it ("OSS")
	Roles   []string // the workspace roles that carry the grant
	Actions []string // RAM actions
	On      string   // OnAccount, OnOSSBuckets, OnOSSObjects or OnMaxComputeProjects
	Why     string
}

// Workspace role IDs, as package catalog lists them.
const (
	roleOwner      = "PAI.WorkspaceOwner"
	roleAdmin      = "PAI.WorkspaceAdmin"
	roleDeveloper  = "PAI.AlgoDeveloper"
	roleOperator   = "PAI.AlgoOperator"
	roleLabeler    = "PAI.LabelManager"
	roleGuest      = "PAI.WorkspaceGuest"
	roleMaxCompute = "PAI.MaxComputeDeveloper"
)

// MemberServiceGrants returns the table of member service grants (a fresh copy).
func MemberServiceGrants() []MemberServiceGrant {
	every := []string{roleOwner, roleAdmin, roleDeveloper, roleOperator, roleLabeler, roleGuest, roleMaxCompute}
	builders := []string{roleOwner, roleAdmin, roleDeveloper, roleOperator}
	return []MemberServiceGrant{
		{Service: "OSS", Roles: every, Actions: []string{"oss:ListBuckets"}, On: OnAccount,
			Why: "choose among the account's buckets when configuring workspace storage"},
		{Service: "OSS", Roles: every, Actions: []string{"oss:GetBucketInfo", "oss:GetBucketLocation", "oss:ListObjects"}, On: OnOSSBuckets,
			Why: "see the workspace's buckets and what is stored under its paths"},
		{Service: "OSS", Roles: []string{roleOwner, roleAdmin, roleDeveloper, roleOperator, roleLabeler, roleMaxCompute},
			Actions: []string{"oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:AbortMultipartUpload", "oss:ListParts"}, On: OnOSSObjects,
			Why: "read and write datasets, code, models and job output under the workspace's paths"},
		{Service: "MaxCompute", Roles: []string{roleOwner, roleAdmin, roleMaxCompute}, Actions: []string{"odps:*"}, On: OnMaxComputeProjects,
			Why: "the seed grants MaxCompute use through the MaxCompute Developer role in the workspace"},
		{Service: "VPC", Roles: builders, Actions: []string{"vpc:DescribeVpcs", "vpc:DescribeVSwitches", "ecs:DescribeSecurityGroups"}, On: OnAccount,
			Why: "choose a network for DSW instances, DLC jobs and EAS services"},
		{Service: "NAS", Roles: builders, Actions: []string{"nas:DescribeFileSystems", "nas:DescribeMountTargets"}, On: OnAccount,
			Why: "mount a file system in DSW instances and DLC jobs"},
		{Service: "SLS", Roles: builders, Actions: []string{"log:ListProject", "log:ListLogStores"}, On: OnAccount,
			Why: "find the logs of EAS services and LangStudio runs"},
		{Service: "ACR", Roles: builders, Actions: []string{"cr:ListInstance", "cr:ListRepository", "cr:GetRepository"}, On: OnAccount,
			Why: "pick a custom image for DSW, DLC and EAS"},
	}
}

// workspaceTargets are the dependent-service resources attached to one workspace.
type workspaceTargets struct {
	buckets  []string // bucket names
	objects  []string // "bucket/prefix" of each OSS path ("bucket/" for a whole bucket)
	projects []string // MaxCompute project names
}

// grantDocument writes the identity policy that holds the grants of roles in a workspace with
// targets; "" when they grant nothing there.
func grantDocument(account string, grants []MemberServiceGrant, roles []string, t workspaceTargets) string {
	type statement struct {
		Sid      string
		Effect   string
		Action   []string
		Resource []string
	}
	var stmts []statement
	for _, g := range grants {
		var holders []string
		for _, r := range roles {
			if slices.Contains(g.Roles, r) {
				holders = append(holders, r)
			}
		}
		if len(holders) == 0 {
			continue
		}
		var res []string
		switch g.On {
		case OnAccount:
			for _, svc := range services(g.Actions) {
				res = append(res, "acs:"+svc+":*:"+account+":*")
			}
		case OnOSSBuckets:
			for _, b := range t.buckets {
				res = append(res, "acs:oss:*:"+account+":"+b)
			}
		case OnOSSObjects:
			for _, o := range t.objects {
				res = append(res, "acs:oss:*:"+account+":"+o+"*")
			}
		case OnMaxComputeProjects:
			for _, p := range t.projects {
				res = append(res, "acs:odps:*:"+account+":projects/"+p, "acs:odps:*:"+account+":projects/"+p+"/*")
			}
		}
		if len(res) == 0 {
			continue
		}
		stmts = append(stmts, statement{Sid: g.Service + " " + g.On + " (" + strings.Join(holders, ", ") + ")",
			Effect: "Allow", Action: g.Actions, Resource: res})
	}
	if len(stmts) == 0 {
		return ""
	}
	b, _ := json.Marshal(struct {
		Version   string
		Statement []statement
	}{"1", stmts})
	return string(b)
}

// services returns the distinct service prefixes of actions, in order.
func services(actions []string) []string {
	var out []string
	for _, a := range actions {
		svc, _, _ := strings.Cut(a, ":")
		if !slices.Contains(out, svc) {
			out = append(out, svc)
		}
	}
	return out
}

// ossTarget splits "oss://bucket/prefix" into the bucket and the object pattern's stem
// ("bucket/prefix"); ok is false for anything else.
func ossTarget(path string) (bucket, stem string, ok bool) {
	rest, ok := strings.CutPrefix(path, "oss://")
	if !ok {
		return "", "", false
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	if bucket == "" || strings.ContainsAny(bucket, "*?") || strings.ContainsAny(prefix, "*?") {
		return "", "", false
	}
	return bucket, bucket + "/" + prefix, true
}
