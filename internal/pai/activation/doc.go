// Package activation is PAI's "Activation & Authorization": turning PAI and the cloud services
// it depends on on for the account, and authorizing each PAI module to reach those services
// through its service role or service-linked role. It implements the seed's two tables
// (shared/seed/pai-permission-management.txt, as internal/catalog holds them) and
// shared/reference/pai.md §5.
//
//   - Activate records that PAI, or a dependent service, is activated. The caller must hold the
//     system policies the seed names for it (AliyunPAIFullAccess for PAI; AliyunOSSFullAccess for
//     OSS; AliyunBSSOrderAccess and AliyunDataWorksFullAccess for MaxCompute; ...) at account
//     scope, directly or through a group or its role; the account's root needs none. A refusal
//     is NoPermission naming the missing policies. Activating twice changes nothing, except
//     that activating PAI also puts in place, as Authorize would, every module role that is
//     not, as far as the caller may, and reports each as authorized or missed ("Authorization
//     is usually completed when PAI is activated", the seed).
//   - Authorize makes one row of the "Dependent Services" page work: for a module and a
//     dependent service it creates the module's service-linked role (through RAM's
//     EnsureServiceLinkedRole, authorized as ram:CreateServiceLinkedRole with ram:ServiceName)
//     or its service role with the catalog's trust principal and role policy (ram:CreateRole and
//     ram:AttachPolicyToRole). A row no role serves needs only its service activated, which
//     Authorize then does. Authorizing twice changes nothing.
//   - DependentServices reports every module × dependent service: authorized or not, which role
//     and policy serve it, the policy its activation takes, and the action that would fix it
//     ("Authorize") or show it ("View Authorization"). Reading it needs ram:ListRoles, since it
//     tells which roles exist.
//
// The package also gives the rest of the server two answers about the catalog's roles:
// RoleUsage, RAM's question before it deletes a service-linked role (is the module still using
// it?), and RoleHint, what an EntityNotExist.Role from STS should say when a platform service
// assumes a role nobody authorized ("authorize it in Activation & Authorization > Dependent
// Services (module EAS, ...)").
//
// It lives apart from package pai, which holds workspaces, because it builds on the RAM domain
// (roles, attachments) where workspaces do not, and apart from package ram because what a PAI
// module needs is PAI's knowledge, not RAM's.
package activation
