// Package ram is the business logic of Rampart's RAM service and the Resource Manager subset it
// needs: users, groups, roles, custom policies and their versions, attachments at account and
// resource-group scope, AccessKeys, console login profiles, virtual MFA devices, the account's
// password policy, security preference and alias, resource groups, and service-linked roles
// (which only their service changes; see servicelinkedroles.go). The wire layer
// (package openapi) decodes a request, calls one method here and encodes the result; the console
// and the CLI reach the same methods, so they all get the same rules.
//
// Every operation follows the same steps, in this order:
//
//  1. Validate the input with RAM's rules and error codes (names, lengths, formats, ranges,
//     policy documents); a rejected input never reaches the store.
//  2. Authorize the caller with the current authorization snapshot: action "ram:<Action>" on
//     the resource ARN RAM's authorization tables give for the action (Resource Manager's
//     resource-group operations are ram: actions too, ram:DeleteResourceGroup, ram:AttachPolicy,
//     as their API references' authorization tables name them). Names in ARNs are the stored
//     names of existing entities, so a policy about "alice" governs a request that spells her
//     "ALICE"; a request for a missing entity is authorized on the requested name first, so an
//     unauthorized caller learns NoPermission rather than whether the entity exists. The account's root is always allowed.
//     A denial is errs.Denied with code NoPermission and the errs.Denial the API turns into
//     AccessDeniedDetail. The request's condition keys are the caller's (authz.Caller.Context, as
//     the authentication layer filled it): RAM's authorization tables define no service-specific
//     keys for these actions (ram:ServiceName belongs to CreateServiceLinkedRole only).
//  3. Run one store.Update that re-reads what it depends on (existence, quotas, conflicts), writes,
//     and appends the audit record in the same transaction, so a failed operation leaves nothing
//     behind.
//  4. Move the authorization snapshot to the revision the Update returned before returning, so
//     the next request, from anyone, is decided with the change (read-your-writes).
//
// Steps 2 and 3 run inside the same transaction for operations on existing entities (the stored
// name is only known there); the decision itself still comes from the snapshot.
//
// Steps 3 and 4, and the auditing below, are package operation's, which the PAI and activation
// domains share.
//
// Audit: every successful mutation is recorded in its own transaction. A denial, which changes
// nothing, is recorded with store.Store.AppendAudit outside any Update, so a flood of denied
// requests neither advances the revision nor makes other nodes rebuild their snapshots.
// Successful reads and other failures (bad input, missing entities) are not recorded, but for a
// ChangePassword refused for its OldPassword (wrong, or the user locked): that is a guess at a
// password, recorded as a failed console sign-in is.
//
// Self-service follows RAM: a RAM user manages its own AccessKeys, MFA device and password
// without a policy when the account's security preference allows it
// (AllowUserToManageAccessKeys, AllowUserToManageMFADevices, AllowUserToChangePassword). An
// explicit Deny in the user's policies still wins over self-service.
//
// Choices where RAM's documentation is silent are written next to the code that makes them;
// the main ones: RAM's Attach*/Detach*/ListPoliciesFor* calls work at account scope only
// (resource-group scope is reached through Resource Manager's AttachPolicy); a quota of attached
// policies counts attachments at every scope; a resource group cannot be deleted while policies
// are attached in it.
package ram
