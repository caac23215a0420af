package authz

// Delta is what changed in an account between a snapshot's revision and a later one, as whole
// records read at the later revision. Snapshot.Apply patches a snapshot with it, so that one
// write costs work in proportion to what it touched instead of a rebuild from everything.
//
// Each written entity comes whole: a user with the groups it now belongs to, a principal with
// every attachment it now has, a workspace with all its members and resources. A reader of the
// change log therefore re-reads each entity a change names once, and Apply replaces what the
// snapshot held for it; nothing in a Delta depends on the order of the changes that produced it.
type Delta struct {
	// Revision is the revision the records were read at; the patched snapshot reflects it.
	Revision int64

	// Users written (created, renamed, or whose group memberships changed), and users deleted
	// by ID.
	Users        []UserState
	DeletedUsers []string

	Groups        []GroupData
	DeletedGroups []string

	// Roles written (created, renamed, or given a new trust policy), and roles deleted by ID.
	Roles        []RoleData
	DeletedRoles []string

	// Policies are custom policies written, each with the document of its default version
	// (created, or a new default version). DeletedPolicies names deleted custom policies as the
	// change log does, lower-cased: Apply matches them ignoring case.
	Policies        []PolicyData
	DeletedPolicies []string

	// Attachments replaces every attachment of the principals it names, at every scope.
	Attachments []PrincipalAttachments

	// Workspaces written (the workspace, a member or a resource of it changed), whole, and
	// workspaces deleted by ID.
	Workspaces        []WorkspaceState
	DeletedWorkspaces []string
}

// UserState is a user with the IDs of the groups it belongs to.
type UserState struct {
	UserData
	Groups []string
}

// PrincipalAttachments are all the attachments of one user, group or role; none when every
// policy was detached from it or it was deleted.
type PrincipalAttachments struct {
	PrincipalType PrincipalType
	PrincipalID   string
	Attachments   []Attachment
}

// WorkspaceState is a workspace with its members and the dependent-service resources attached
// to it.
type WorkspaceState struct {
	WorkspaceData
	Members   []WorkspaceMemberData
	Resources []WorkspaceResourceData
}
