package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// users is the part of the RAM domain this file serves.
type users interface {
	CreateUser(context.Context, *authz.Caller, ram.CreateUserInput) (ram.User, error)
	GetUser(context.Context, *authz.Caller, ram.UserInput) (ram.User, error)
	UpdateUser(context.Context, *authz.Caller, ram.UpdateUserInput) (ram.User, error)
	DeleteUser(context.Context, *authz.Caller, ram.UserInput) error
	ListUsers(context.Context, *authz.Caller, ram.PageInput) (ram.Page[ram.User], error)
}

type userResponse struct {
	meta
	User wUser
}

type listUsersResponse struct {
	meta
	page
	Users wUsers
}

func respondUser(u ram.User) response { return &userResponse{User: wireUser(u)} }

func userInput(k *call) ram.UserInput {
	return ram.UserInput{RequestID: k.requestID, UserName: k.p.Required("UserName")}
}

func pageInput(k *call) ram.PageInput {
	return ram.PageInput{RequestID: k.requestID, Marker: k.p.String("Marker"), MaxItems: k.p.Positive("MaxItems")}
}

func userActions() []action {
	return []action{
		{name: "CreateUser", summary: "Create a RAM user", write: true, handle: op(func(k *call) ram.CreateUserInput {
			return ram.CreateUserInput{RequestID: k.requestID, UserName: k.p.Required("UserName"),
				DisplayName: k.p.String("DisplayName"), MobilePhone: k.p.String("MobilePhone"),
				Email: k.p.String("Email"), Comments: k.p.String("Comments")}
		}, RAM.CreateUser, respondUser)},
		{name: "GetUser", summary: "Show a RAM user", handle: op(userInput, RAM.GetUser, respondUser)},
		{name: "UpdateUser", summary: "Rename a RAM user or change its attributes", write: true, handle: op(func(k *call) ram.UpdateUserInput {
			return ram.UpdateUserInput{RequestID: k.requestID, UserName: k.p.Required("UserName"),
				NewUserName: k.p.String("NewUserName"), NewDisplayName: k.p.String("NewDisplayName"),
				NewMobilePhone: k.p.String("NewMobilePhone"), NewEmail: k.p.String("NewEmail"),
				NewComments: k.p.String("NewComments")}
		}, RAM.UpdateUser, respondUser)},
		{name: "DeleteUser", summary: "Delete a RAM user (it must have no groups, keys, login profile, MFA device or policies)", write: true, handle: exec(userInput, RAM.DeleteUser)},
		{name: "ListUsers", summary: "List RAM users", handle: op(pageInput, RAM.ListUsers, func(p ram.Page[ram.User]) response {
			return &listUsersResponse{page: wirePage(p), Users: wireUsers(mapList(p.Items, wireUser))}
		})},
	}
}
