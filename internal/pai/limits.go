package pai

import (
	"errors"
	"fmt"
)

// Limits are the quotas the workspace service enforces. PAI does not publish them; the defaults
// are Rampart's.
type Limits struct {
	Workspaces            int // workspaces per account
	MembersPerWorkspace   int // members of one workspace
	ResourcesPerWorkspace int // resources attached to one workspace
	MembersPerCall        int // members one CreateMember or DeleteMembers may name
	ResourcesPerCall      int // resources one CreateWorkspaceResource may attach
	PageSize              int // the largest PageSize of the List* calls
}

// DefaultLimits returns Rampart's quotas.
func DefaultLimits() Limits {
	return Limits{Workspaces: 1000, MembersPerWorkspace: 5000, ResourcesPerWorkspace: 100,
		MembersPerCall: 100, ResourcesPerCall: 20, PageSize: 100}
}

// Validate reports limits that are not positive.
func (l Limits) Validate() error {
	var problems []error
	for name, v := range map[string]int{"Workspaces": l.Workspaces, "MembersPerWorkspace": l.MembersPerWorkspace,
		"ResourcesPerWorkspace": l.ResourcesPerWorkspace, "MembersPerCall": l.MembersPerCall,
		"ResourcesPerCall": l.ResourcesPerCall, "PageSize": l.PageSize} {
		if v <= 0 {
			problems = append(problems, fmt.Errorf("pai: limit %s must be positive, got %d", name, v))
		}
	}
	return errors.Join(problems...)
}
