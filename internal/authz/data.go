package authz

// PolicyType says whether a policy is one of the embedded system policies or a custom policy
// of the account. The values are RAM's wire spelling.
type PolicyType string

const (
	SystemPolicy PolicyType = "System"
	CustomPolicy PolicyType = "Custom"
)

// PrincipalType says what a policy is attached to. The values are RAM's wire spelling.
type PrincipalType string

const (
	UserPrincipal  PrincipalType = "User"
	GroupPrincipal PrincipalType = "Group"
	RolePrincipal  PrincipalType = "Role"
)

// Data is everything a snapshot is built from: plain values read from the store by the caller
// of [Build]. Keeping the input plain keeps this package free of storage concerns.
type Data struct {
	Revision  int64
	AccountID string
	Users     []UserData
	Groups    []GroupData
	Members   []Membership
	Roles     []RoleData
	// Policies holds the account's custom policies with the text of their default version.
	Policies    []PolicyData
	Attachments []Attachment

	// Workspaces, WorkspaceMembers and WorkspaceResources are the account's PAI workspaces, who
	// holds which workspace roles in them, and the OSS paths and MaxCompute projects attached to
	// them (from which members' rights on those dependent services follow).
	Workspaces         []WorkspaceData
	WorkspaceMembers   []WorkspaceMemberData
	WorkspaceResources []WorkspaceResourceData
	// RolePermissions is PAI's role-permission list, compiled once from the catalog
	// (CompileRolePermissions) and shared by every snapshot. Nil: no workspace role grants
	// anything, and only RAM policies decide.
	RolePermissions *RolePermissions
}

// UserData is a RAM user as authorization sees it.
type UserData struct{ ID, Name string }

// GroupData is a RAM user group as authorization sees it.
type GroupData struct{ ID, Name string }

// Membership puts a user in a group.
type Membership struct{ GroupID, UserID string }

// RoleData is a RAM role: its identity and its trust policy document.
type RoleData struct {
	ID, Name    string
	TrustPolicy string
}

// PolicyData is a custom policy's name and the document of its default version.
type PolicyData struct {
	Name     string
	Document string
}

// Attachment grants a policy to a user, group or role, at account scope (ResourceGroupID "")
// or within one resource group.
type Attachment struct {
	PolicyType      PolicyType
	PolicyName      string
	PrincipalType   PrincipalType
	PrincipalID     string
	ResourceGroupID string
}

// WorkspaceData is a PAI workspace as authorization sees it.
type WorkspaceData struct {
	ID string
	// ResourceGroupID is the resource group the workspace belongs to ("" for none): policies
	// attached in that group apply to the workspace and everything in it.
	ResourceGroupID string
}

// WorkspaceMemberData gives a RAM user or role workspace roles ("PAI.AlgoDeveloper", ...).
type WorkspaceMemberData struct {
	WorkspaceID   string
	PrincipalType PrincipalType // UserPrincipal or RolePrincipal
	PrincipalID   string
	Roles         []string
}

// Kinds of workspace resources that carry rights on a dependent service.
const (
	ResourceOSSPath           = "OSS"        // Target "oss://bucket/prefix/"
	ResourceMaxComputeProject = "MaxCompute" // Target is the project name
)

// WorkspaceResourceData is a dependent-service resource attached to a workspace: an OSS path or
// a MaxCompute project. Other kinds of workspace resources (compute quotas) carry no rights.
type WorkspaceResourceData struct {
	WorkspaceID string
	Type        string // ResourceOSSPath or ResourceMaxComputeProject
	Target      string
}
