// Package authz answers every permission question in Rampart: may this caller perform this
// action on this resource, in this context? API calls, the console and the decision API all ask
// here, so they all get the same answer.
//
// A [Snapshot] is an immutable, in-memory view of one revision of the account: its users, groups
// and their members, roles and their trust policies, the compiled system and custom policies, and
// which policies are attached to whom, at account scope or resource-group scope. [Snapshot.Decide]
// combines them with the policy engine (package policy):
//
//   - The account's root identity is always allowed.
//   - A user is governed by the policies attached to it and to each of its groups; a role session
//     by the policies attached to its role, intersected with the session policy it was issued with.
//   - Policies attached at account scope apply to every resource. Policies attached at
//     resource-group scope apply only when the request's resource is in that group.
//   - Any explicit Deny wins, whatever scope it was attached at. (RAM's documentation can be read
//     as letting an account-scope Allow skip a resource-group-scope Deny; Rampart does not.)
//   - Otherwise any Allow allows; otherwise the request is implicitly denied.
//
// Assuming a role needs both the caller's own permission (sts:AssumeRole on the role) and the
// role's trust policy; see [Snapshot.CanAssumeRole].
//
// PAI workspaces add a second source of permissions. The snapshot also holds the account's
// workspaces, who is a member with which workspace roles, and the OSS paths and MaxCompute
// projects attached to each; [CompileRolePermissions] turns the catalog's role-permission list
// into an index by permission code and RAM action. [Snapshot.DecideWorkspace] combines them the
// way PAI does: RAM first (an explicit Deny wins, an Allow allows), then the codes PAI allows
// unless denied, then the caller's roles in the workspace with their rules on the resource's
// accessibility and creator, then the rights on dependent services the roles carry
// ([MemberServiceGrants]). [Snapshot.ExplainWorkspace] says why, statement by statement and role
// by role.
//
// [Build] makes a snapshot from the whole account, at start and whenever a node must catch up
// from scratch; [Snapshot.Apply] makes the next one from what a write changed ([Delta]), in time
// proportional to the change. The two share every record-writing step (patch.go), and a
// differential test holds them to the same answers.
package authz
