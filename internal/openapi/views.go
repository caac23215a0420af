package openapi

import "github.com/rampart-iam/rampart/internal/ram"

// The wire forms of RAM's entities: exactly the field names of the SDK's structs
// (services/ram/struct_*.go). Optional text and dates are left out when empty; the SDK leaves
// such fields at their zero value.

type wUser struct {
	UserId        string
	UserName      string
	DisplayName   string `json:",omitempty" xml:",omitempty"`
	MobilePhone   string `json:",omitempty" xml:",omitempty"`
	Email         string `json:",omitempty" xml:",omitempty"`
	Comments      string `json:",omitempty" xml:",omitempty"`
	CreateDate    string `json:",omitempty" xml:",omitempty"`
	UpdateDate    string `json:",omitempty" xml:",omitempty"`
	LastLoginDate string `json:",omitempty" xml:",omitempty"`
	JoinDate      string `json:",omitempty" xml:",omitempty"`
	AttachDate    string `json:",omitempty" xml:",omitempty"`
}

func wireUser(u ram.User) wUser {
	return wUser{UserId: u.ID, UserName: u.Name, DisplayName: u.DisplayName, MobilePhone: u.MobilePhone, Email: u.Email,
		Comments: u.Comments, CreateDate: wireTime(u.CreateDate), UpdateDate: wireTime(u.UpdateDate),
		LastLoginDate: wireTime(u.LastLoginDate)}
}

type wGroup struct {
	GroupId    string
	GroupName  string
	Comments   string `json:",omitempty" xml:",omitempty"`
	CreateDate string `json:",omitempty" xml:",omitempty"`
	UpdateDate string `json:",omitempty" xml:",omitempty"`
	JoinDate   string `json:",omitempty" xml:",omitempty"`
	AttachDate string `json:",omitempty" xml:",omitempty"`
}

func wireGroup(g ram.Group) wGroup {
	return wGroup{GroupId: g.ID, GroupName: g.Name, Comments: g.Comments, CreateDate: wireTime(g.CreateDate),
		UpdateDate: wireTime(g.UpdateDate)}
}

// Lists as the SDK wraps them: an object holding the repeated element.
type (
	wUsers  struct{ User []wUser }
	wGroups struct{ Group []wGroup }
)

func wireUsers(us []wUser) wUsers    { return wUsers{User: nonNil(us)} }
func wireGroups(gs []wGroup) wGroups { return wGroups{Group: nonNil(gs)} }

// page is the paging part of marker-paginated lists: IsTruncated, and the Marker to pass for
// the next page, present only when truncated.
type page struct {
	IsTruncated bool
	Marker      string `json:",omitempty" xml:",omitempty"`
}

func wirePage[T any](p ram.Page[T]) page { return page{IsTruncated: p.Truncated(), Marker: p.Marker} }

type wRole struct {
	RoleId                   string
	RoleName                 string
	Arn                      string
	Description              string `json:",omitempty" xml:",omitempty"`
	AssumeRolePolicyDocument string `json:",omitempty" xml:",omitempty"`
	MaxSessionDuration       int    `json:",omitempty" xml:",omitempty"`
	RolePrincipalName        string `json:",omitempty" xml:",omitempty"`
	CreateDate               string `json:",omitempty" xml:",omitempty"`
	UpdateDate               string `json:",omitempty" xml:",omitempty"`
	AttachDate               string `json:",omitempty" xml:",omitempty"`
}

func wireRole(r ram.Role) wRole {
	return wRole{RoleId: r.ID, RoleName: r.Name, Arn: r.ARN, Description: r.Description,
		AssumeRolePolicyDocument: r.AssumeRolePolicyDocument, MaxSessionDuration: r.MaxSessionDuration,
		RolePrincipalName: r.PrincipalName, CreateDate: wireTime(r.CreateDate), UpdateDate: wireTime(r.UpdateDate)}
}

type wRoles struct{ Role []wRole }

func wireRoles(rs []wRole) wRoles { return wRoles{Role: nonNil(rs)} }
