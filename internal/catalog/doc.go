// Package catalog is Rampart's read-only reference data, embedded in the binary: the system
// policies RAM ships (AliyunPAIFullAccess, AliyunOSSFullAccess, AdministratorAccess, ...), PAI's
// workspace roles and their role-permission list, the PAI modules with the cloud services they
// depend on and the service roles through which they reach them, and what each dependent service
// needs to be activated.
//
// The data lives as JSON under data/ so that it can be reviewed, cited and corrected without
// touching code; every record says where it comes from (Source) and, where a fact could not be
// pinned down, says so (a system policy's Provenance "derived" with a Note, a role-permission
// group's or a service role's Confidence other than "confirmed"). The specification is the seed
// page (shared/seed/pai-permission-management.txt) and the research notes
// shared/reference/ram.md §7 and shared/reference/pai.md.
//
// [Load] parses and validates all of it, including every cross-reference (a dependent service's
// activation policies, a service role's policy, a role ID in the permission list), and returns an
// immutable [Catalog]. There is no package-level catalog: callers load it once and hold it.
// Accessors return copies, so nothing a caller does can change what another caller sees.
//
// The catalog knows nothing of the policy language: a [SystemPolicy] carries its document as
// text, and the authorization layer compiles it.
package catalog
