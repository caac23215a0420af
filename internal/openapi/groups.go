package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// groups is the part of the RAM domain this file serves: groups and their members.
type groups interface {
	CreateGroup(context.Context, *authz.Caller, ram.CreateGroupInput) (ram.Group, error)
	GetGroup(context.Context, *authz.Caller, ram.GroupInput) (ram.Group, error)
	UpdateGroup(context.Context, *authz.Caller, ram.UpdateGroupInput) (ram.Group, error)
	DeleteGroup(context.Context, *authz.Caller, ram.GroupInput) error
	ListGroups(context.Context, *authz.Caller, ram.PageInput) (ram.Page[ram.Group], error)
	AddUserToGroup(context.Context, *authz.Caller, ram.MembershipInput) error
	RemoveUserFromGroup(context.Context, *authz.Caller, ram.MembershipInput) error
	ListGroupsForUser(context.Context, *authz.Caller, ram.UserInput) ([]ram.UserGroup, error)
	ListUsersForGroup(context.Context, *authz.Caller, ram.ListUsersForGroupInput) (ram.Page[ram.GroupMember], error)
}

type groupResponse struct {
	meta
	Group wGroup
}

type listGroupsResponse struct {
	meta
	page
	Groups wGroups
}

type listGroupsForUserResponse struct {
	meta
	Groups wGroups
}

type listUsersForGroupResponse struct {
	meta
	page
	Users wUsers
}

func respondGroup(g ram.Group) response { return &groupResponse{Group: wireGroup(g)} }

func groupInput(k *call) ram.GroupInput {
	return ram.GroupInput{RequestID: k.requestID, GroupName: k.p.Required("GroupName")}
}

func membershipInput(k *call) ram.MembershipInput {
	return ram.MembershipInput{RequestID: k.requestID, GroupName: k.p.Required("GroupName"), UserName: k.p.Required("UserName")}
}

func groupActions() []action {
	return []action{
		{name: "CreateGroup", summary: "Create a user group", write: true, handle: op(func(k *call) ram.CreateGroupInput {
			return ram.CreateGroupInput{RequestID: k.requestID, GroupName: k.p.Required("GroupName"), Comments: k.p.String("Comments")}
		}, RAM.CreateGroup, respondGroup)},
		{name: "GetGroup", summary: "Show a user group", handle: op(groupInput, RAM.GetGroup, respondGroup)},
		{name: "UpdateGroup", summary: "Rename a user group or change its comments", write: true, handle: op(func(k *call) ram.UpdateGroupInput {
			return ram.UpdateGroupInput{RequestID: k.requestID, GroupName: k.p.Required("GroupName"),
				NewGroupName: k.p.String("NewGroupName"), NewComments: k.p.String("NewComments")}
		}, RAM.UpdateGroup, respondGroup)},
		{name: "DeleteGroup", summary: "Delete a user group (it must have no members or policies)", write: true, handle: exec(groupInput, RAM.DeleteGroup)},
		{name: "ListGroups", summary: "List user groups", handle: op(pageInput, RAM.ListGroups, func(p ram.Page[ram.Group]) response {
			return &listGroupsResponse{page: wirePage(p), Groups: wireGroups(mapList(p.Items, wireGroup))}
		})},
		{name: "AddUserToGroup", summary: "Add a RAM user to a group", write: true, handle: exec(membershipInput, RAM.AddUserToGroup)},
		{name: "RemoveUserFromGroup", summary: "Remove a RAM user from a group", write: true, handle: exec(membershipInput, RAM.RemoveUserFromGroup)},
		{name: "ListGroupsForUser", summary: "List the groups a RAM user belongs to", handle: op(userInput, RAM.ListGroupsForUser, func(gs []ram.UserGroup) response {
			return &listGroupsForUserResponse{Groups: wireGroups(mapList(gs, func(g ram.UserGroup) wGroup {
				w := wireGroup(g.Group)
				w.JoinDate = wireTime(g.JoinDate)
				return w
			}))}
		})},
		{name: "ListUsersForGroup", summary: "List the members of a group", handle: op(func(k *call) ram.ListUsersForGroupInput {
			return ram.ListUsersForGroupInput{RequestID: k.requestID, GroupName: k.p.Required("GroupName"),
				Marker: k.p.String("Marker"), MaxItems: k.p.Positive("MaxItems")}
		}, RAM.ListUsersForGroup, func(p ram.Page[ram.GroupMember]) response {
			return &listUsersForGroupResponse{page: wirePage(p), Users: wireUsers(mapList(p.Items, func(m ram.GroupMember) wUser {
				w := wireUser(m.User)
				w.JoinDate = wireTime(m.JoinDate)
				return w
			}))}
		})},
	}
}
