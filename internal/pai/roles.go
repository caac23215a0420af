package pai

// The basic workspace role IDs (shared/reference/pai.md §1.1); the catalog lists them all.
const (
	RoleOwner      = "PAI.WorkspaceOwner"
	RoleAdmin      = "PAI.WorkspaceAdmin"
	RoleDeveloper  = "PAI.AlgoDeveloper"
	RoleOperator   = "PAI.AlgoOperator"
	RoleLabeler    = "PAI.LabelManager"
	RoleGuest      = "PAI.WorkspaceGuest"
	RoleMaxCompute = "PAI.MaxComputeDeveloper"
)
