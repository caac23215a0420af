package store

import "strings"

// Change is one entry of the change log: in revision Rev the row of Kind named by Key was written
// (OpPut) or removed (OpDelete). Readers patch their view by re-reading that row.
type Change struct {
	Revision Revision
	Kind     Kind
	Key      string
	Op       Op
}

// Kind names the kind of row a Change is about.
type Kind string

// Kinds of rows, and what their Change keys are. Composite keys join their parts with "/"; only
// the last part may itself contain "/" (an ARN), so strings.SplitN(key, "/", n) takes them apart.
// Policy names in keys are lower-cased: they are unique ignoring case, and a key must not depend
// on how a caller happened to spell the name.
const (
	KindAccount             Kind = "account"               // account ID
	KindUser                Kind = "user"                  // user ID
	KindGroup               Kind = "group"                 // group ID
	KindGroupMember         Kind = "group_member"          // GroupMemberKey
	KindRole                Kind = "role"                  // role ID
	KindPolicy              Kind = "policy"                // policy name, lower-cased
	KindPolicyVersion       Kind = "policy_version"        // PolicyVersionKey
	KindAttachment          Kind = "attachment"            // AttachmentKey
	KindAccessKey           Kind = "access_key"            // AccessKey ID
	KindLoginProfile        Kind = "login_profile"         // user ID
	KindMFADevice           Kind = "mfa_device"            // serial number
	KindResourceGroup       Kind = "resource_group"        // resource group ID
	KindResourceGroupMember Kind = "resource_group_member" // ResourceKey
	KindWorkspace           Kind = "workspace"             // workspace ID
	KindWorkspaceMember     Kind = "workspace_member"      // WorkspaceMemberKey
	KindWorkspaceResource   Kind = "workspace_resource"    // WorkspaceResourceKey
	KindActivation          Kind = "activation"            // the activated service's name
	KindServiceCredential   Kind = "service_credential"    // AccessKey ID
	KindRoleDeletionTask    Kind = "role_deletion_task"    // deletion task ID
)

// Op says whether a Change wrote or removed its row.
type Op string

// Change operations.
const (
	OpPut    Op = "put"
	OpDelete Op = "delete"
)

// GroupMemberKey is the Change key of a group membership: "<groupID>/<userID>".
func GroupMemberKey(groupID, userID string) string { return groupID + "/" + userID }

// WorkspaceMemberKey is the Change key of a workspace member: "<workspaceID>/<principalID>".
func WorkspaceMemberKey(workspaceID, principalID string) string {
	return workspaceID + "/" + principalID
}

// WorkspaceResourceKey is the Change key of a workspace resource:
// "<workspaceID>/<resourceID>". It names the workspace so that a reader can tell which one a
// deleted resource belonged to.
func WorkspaceResourceKey(workspaceID, resourceID string) string {
	return workspaceID + "/" + resourceID
}

// PolicyVersionKey is the Change key of a policy version: "<policy name, lower-cased>/<versionID>".
func PolicyVersionKey(policyName, versionID string) string {
	return strings.ToLower(policyName) + "/" + versionID
}

// ResourceKey is the Change key of a resource's membership in a resource group:
// "<resourceGroupID>/<resourceARN>".
func ResourceKey(resourceGroupID, resourceARN string) string {
	return resourceGroupID + "/" + resourceARN
}

// AttachmentKey is the Change key of an attachment:
// "<PolicyType>/<PolicyName, lower-cased>/<PrincipalType>/<PrincipalID>/<ResourceGroupID>" (the
// last part is empty at account scope).
func AttachmentKey(a Attachment) string {
	return strings.Join([]string{a.PolicyType, strings.ToLower(a.PolicyName), a.PrincipalType, a.PrincipalID, a.ResourceGroupID}, "/")
}
