package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// loginProfiles is the part of the RAM domain this file serves: console passwords.
type loginProfiles interface {
	CreateLoginProfile(context.Context, *authz.Caller, ram.CreateLoginProfileInput) (ram.LoginProfile, error)
	GetLoginProfile(context.Context, *authz.Caller, ram.UserInput) (ram.LoginProfile, error)
	UpdateLoginProfile(context.Context, *authz.Caller, ram.UpdateLoginProfileInput) error
	DeleteLoginProfile(context.Context, *authz.Caller, ram.UserInput) error
	ChangePassword(context.Context, *authz.Caller, ram.ChangePasswordInput) error
}

type wLoginProfile struct {
	UserName              string
	PasswordResetRequired bool
	MFABindRequired       bool
	CreateDate            string `json:",omitempty" xml:",omitempty"`
}

type loginProfileResponse struct {
	meta
	LoginProfile wLoginProfile
}

func respondLoginProfile(p ram.LoginProfile) response {
	return &loginProfileResponse{LoginProfile: wLoginProfile{UserName: p.UserName, PasswordResetRequired: p.PasswordResetRequired,
		MFABindRequired: p.MFABindRequired, CreateDate: wireTime(p.CreateDate)}}
}

func loginProfileActions() []action {
	return []action{
		{name: "CreateLoginProfile", summary: "Let a RAM user sign in to the console with a password", write: true,
			handle: op(func(k *call) ram.CreateLoginProfileInput {
				return ram.CreateLoginProfileInput{RequestID: k.requestID, UserName: k.p.Required("UserName"),
					Password: secrets.Secret(k.p.String("Password")), PasswordResetRequired: k.p.Bool("PasswordResetRequired"),
					MFABindRequired: k.p.Bool("MFABindRequired")}
			}, RAM.CreateLoginProfile, respondLoginProfile)},
		{name: "GetLoginProfile", summary: "Show a RAM user's console sign-in settings",
			handle: op(userInput, RAM.GetLoginProfile, respondLoginProfile)},
		{name: "UpdateLoginProfile", summary: "Change a RAM user's console password or sign-in settings", write: true,
			handle: exec(func(k *call) ram.UpdateLoginProfileInput {
				return ram.UpdateLoginProfileInput{RequestID: k.requestID, UserName: k.p.Required("UserName"),
					Password: secrets.Secret(k.p.String("Password")), PasswordResetRequired: k.p.OptionalBool("PasswordResetRequired"),
					MFABindRequired: k.p.OptionalBool("MFABindRequired")}
			}, RAM.UpdateLoginProfile)},
		{name: "DeleteLoginProfile", summary: "Stop a RAM user from signing in to the console", write: true,
			handle: exec(userInput, RAM.DeleteLoginProfile)},
		{name: "ChangePassword", summary: "Change your own console password", write: true,
			handle: exec(func(k *call) ram.ChangePasswordInput {
				return ram.ChangePasswordInput{RequestID: k.requestID, OldPassword: secrets.Secret(k.p.Required("OldPassword")),
					NewPassword: secrets.Secret(k.p.Required("NewPassword"))}
			}, RAM.ChangePassword)},
	}
}
