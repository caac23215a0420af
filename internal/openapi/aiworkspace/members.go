package aiworkspace

import (
	"context"

	"github.com/rampart-iam/rampart/internal/pai"
)

// memberItem is a member as CreateMember and ListMembers return it (MembersItem); GetMember
// returns the same fields at the top level.
type memberItem struct {
	MemberName    string
	GmtCreateTime string
	UserId        string
	MemberId      string
	DisplayName   string
	MemberType    string // Rampart's addition: "User" or "Role"
	Roles         []string
}

func memberOf(m pai.Member) memberItem {
	return memberItem{MemberName: m.Name, GmtCreateTime: wireTime(m.CreateTime), UserId: m.ID, MemberId: m.MemberID,
		DisplayName: m.DisplayName, MemberType: m.Type, Roles: nonNil(m.Roles)}
}

func members(ms []pai.Member) []memberItem {
	out := make([]memberItem, len(ms))
	for i, m := range ms {
		out[i] = memberOf(m)
	}
	return out
}

func createMember(ctx context.Context, p Workspaces, k *request) (any, error) {
	var in struct {
		Members []struct {
			UserId string
			Roles  []string
		}
	}
	if err := k.decodeBody(&in, true); err != nil {
		return nil, err
	}
	var nm []pai.NewMember
	for _, m := range in.Members {
		nm = append(nm, pai.NewMember{UserID: m.UserId, Roles: m.Roles})
	}
	ms, err := p.CreateMember(ctx, k.caller, pai.CreateMemberInput{RequestID: k.id, WorkspaceID: k.r.PathValue("WorkspaceId"), Members: nm})
	if err != nil {
		return nil, err
	}
	return struct {
		RequestId string
		Members   []memberItem
	}{k.id, members(ms)}, nil
}

func listMembers(ctx context.Context, p Workspaces, k *request) (any, error) {
	in := pai.ListMembersInput{RequestID: k.id, WorkspaceID: k.r.PathValue("WorkspaceId"), Roles: k.q.list("Roles"),
		MemberName: k.q.str("MemberName"), Page: pai.Page{Number: k.q.int("PageNumber"), Size: k.q.int("PageSize")}}
	if k.q.err != nil {
		return nil, k.q.err
	}
	l, err := p.ListMembers(ctx, k.caller, in)
	if err != nil {
		return nil, err
	}
	return struct {
		RequestId  string
		TotalCount int64
		Members    []memberItem
	}{k.id, int64(l.TotalCount), members(l.Members)}, nil
}

func getMember(ctx context.Context, p Workspaces, k *request) (any, error) {
	m, err := p.GetMember(ctx, k.caller, pai.GetMemberInput{RequestID: k.id, WorkspaceID: k.r.PathValue("WorkspaceId"),
		UserID: k.q.str("UserId"), MemberID: k.q.str("MemberId")})
	if err != nil {
		return nil, err
	}
	return struct {
		RequestId string
		memberItem
	}{k.id, memberOf(m)}, nil
}

func deleteMembers(ctx context.Context, p Workspaces, k *request) (any, error) {
	return requestID(k, p.DeleteMembers(ctx, k.caller, pai.DeleteMembersInput{RequestID: k.id,
		WorkspaceID: k.r.PathValue("WorkspaceId"), MemberIDs: k.q.list("MemberIds")}))
}

func memberRole(k *request) pai.MemberRoleInput {
	return pai.MemberRoleInput{RequestID: k.id, WorkspaceID: k.r.PathValue("WorkspaceId"), MemberID: k.r.PathValue("MemberId"),
		RoleName: k.r.PathValue("RoleName")}
}

func addMemberRole(ctx context.Context, p Workspaces, k *request) (any, error) {
	return requestID(k, p.AddMemberRole(ctx, k.caller, memberRole(k)))
}

func removeMemberRole(ctx context.Context, p Workspaces, k *request) (any, error) {
	return requestID(k, p.RemoveMemberRole(ctx, k.caller, memberRole(k)))
}

func listWorkspaceUsers(ctx context.Context, p Workspaces, k *request) (any, error) {
	us, err := p.ListWorkspaceUsers(ctx, k.caller, pai.ListWorkspaceUsersInput{RequestID: k.id,
		WorkspaceID: k.r.PathValue("WorkspaceId"), UserName: k.q.str("UserName"), UserID: k.q.str("UserId")})
	if err != nil {
		return nil, err
	}
	type user struct{ UserId, UserName string }
	out := struct {
		RequestId  string
		TotalCount int64
		Users      []user
	}{RequestId: k.id, TotalCount: int64(len(us)), Users: []user{}}
	for _, u := range us {
		out.Users = append(out.Users, user{u.ID, u.Name})
	}
	return out, nil
}
