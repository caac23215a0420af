// Package pai is the business logic of Rampart's PAI workspaces: workspaces and the account's
// default workspace, members (RAM users and roles) holding workspace roles, resources attached
// to a workspace (compute quotas, MaxCompute projects, OSS paths), and the permission questions
// PAI's own services ask (GetPermission, ListPermissions). The wire layer (package
// openapi/aiworkspace, the AIWorkspace API 2021-02-04) decodes a request, calls one method here
// and encodes the result. Specification: shared/reference/pai.md §1–§3.
//
// Every operation follows the steps of package ram:
//
//  1. Validate the input (names, lengths, role IDs, resource specs) with the error codes of
//     errors.go; a rejected input never reaches the store.
//  2. Authorize with the current authorization snapshot, PAI's way (authz.DecideWorkspace): the
//     caller's RAM policies on the action "paiworkspace:<Action>" and the workspace's ARN
//     acs:paiworkspace:<region>:<account>:workspace/<id> decide first, and an explicit Deny
//     wins; otherwise a workspace role of the caller that holds the permission code
//     "PaiWorkspace:<Action>" in the role-permission list allows. The Resource Administrator is
//     not a role: it is the root, or a RAM grant such as AliyunPAIFullAccess. A caller not
//     allowed an action on a workspace gets NoPermission whether or not the workspace exists;
//     only callers allowed the action learn that it does not.
//  3. Run one store.Update that re-reads what it depends on, writes, and appends the audit record.
//  4. Move the snapshot to the new revision before returning, so that a role added or removed
//     takes effect on the very next request.
//
// Choices where PAI's documentation is silent: a member holds at least one role (removing the
// last one is refused; delete the member instead); the creator of a workspace becomes its owner
// (PAI.WorkspaceOwner) unless it is the root, which needs no membership; ListWorkspaces shows the
// workspaces the caller may see (GetWorkspace), every one to a Resource Administrator; members of
// deleted RAM users or roles are not shown and grant nothing; every member may list its own
// permissions (the appendix marks no role for ListPermissions).
package pai
