package ram

// Inputs shared by several operations. Every input carries the RequestID of the API request, which
// the audit trail records; the caller is a separate, explicit argument of every method.

// Request is the input of operations without parameters (GetPasswordPolicy, ListVirtualMFADevices, ...).
type Request struct {
	RequestID string
}

// UserInput names one user (GetUser, DeleteUser, GetLoginProfile, ListGroupsForUser, ...).
// Operations a user may perform on itself (CreateAccessKey, ListAccessKeys, GetUserMFAInfo, ...)
// act on the caller when UserName is "".
type UserInput struct {
	RequestID string
	UserName  string
}

// GroupInput names one group (GetGroup, DeleteGroup, ListPoliciesForGroup).
type GroupInput struct {
	RequestID string
	GroupName string
}

// RoleInput names one role (GetRole, DeleteRole, ListPoliciesForRole).
type RoleInput struct {
	RequestID string
	RoleName  string
}

// PageInput asks for one page of a list (ListUsers, ListGroups, ListRoles). Marker is the one a
// previous page returned ("" for the first page); MaxItems is 1 to 1000, 0 meaning RAM's default
// of 100. Tags, when given, asks only for entities that have them (ListRoles' Tag filter).
type PageInput struct {
	RequestID string
	Marker    string
	MaxItems  int
	Tags      []Tag
}

// Tag is a tag a list is filtered by.
type Tag struct{ Key, Value string }

// filteredByTags reports whether a list is filtered by tags, which then finds nothing: Rampart
// keeps no tags on users, groups, roles, policies or resource groups.
func filteredByTags(tags []Tag) bool { return len(tags) > 0 }

// Default and largest MaxItems (ListUsers and the other marker-paginated lists).
const (
	defaultMaxItems = 100
	maxMaxItems     = 1000
)

// pageLimit checks MaxItems and applies its default, and checks the Marker: a Marker is a name
// an earlier page returned, so one with a control character or invalid UTF-8 is the client's
// mistake (and PostgreSQL would fail the query on a NUL).
func pageLimit(maxItems int, marker string) (int, error) {
	if !printable(marker) {
		return 0, badValue("Marker", "pass the Marker a previous page returned")
	}
	if maxItems == 0 {
		return defaultMaxItems, nil
	}
	if err := checkRange("MaxItems", maxItems, 1, maxMaxItems); err != nil {
		return 0, err
	}
	return maxItems, nil
}
