package openapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// account is the part of the RAM domain this file serves: account-wide settings.
type account interface {
	GetPasswordPolicy(context.Context, *authz.Caller, ram.Request) (ram.PasswordPolicy, error)
	SetPasswordPolicy(context.Context, *authz.Caller, ram.SetPasswordPolicyInput) (ram.PasswordPolicy, error)
	GetSecurityPreference(context.Context, *authz.Caller, ram.Request) (ram.SecurityPreference, error)
	SetSecurityPreference(context.Context, *authz.Caller, ram.SetSecurityPreferenceInput) (ram.SecurityPreference, error)
	GetAccountAlias(context.Context, *authz.Caller, ram.Request) (string, error)
	SetAccountAlias(context.Context, *authz.Caller, ram.AccountAliasInput) error
	ClearAccountAlias(context.Context, *authz.Caller, ram.Request) error
}

// wPasswordPolicy spells MaxLoginAttemps as RAM (and its SDK) do.
type wPasswordPolicy struct {
	MinimumPasswordLength      int
	RequireLowercaseCharacters bool
	RequireUppercaseCharacters bool
	RequireNumbers             bool
	RequireSymbols             bool
	HardExpiry                 bool
	MaxPasswordAge             int
	PasswordReusePrevention    int
	MaxLoginAttemps            int
}

type passwordPolicyResponse struct {
	meta
	PasswordPolicy wPasswordPolicy
}

type securityPreferenceResponse struct {
	meta
	SecurityPreference struct {
		LoginProfilePreference struct {
			EnableSaveMFATicket       bool
			AllowUserToChangePassword bool
			LoginSessionDuration      int
			LoginNetworkMasks         string
		}
		AccessKeyPreference struct{ AllowUserToManageAccessKeys bool }
		PublicKeyPreference struct{ AllowUserToManagePublicKeys bool }
		MFAPreference       struct{ AllowUserToManageMFADevices bool }
	}
}

type accountAliasResponse struct {
	meta
	AccountAlias string
}

func respondPasswordPolicy(p ram.PasswordPolicy) response {
	return &passwordPolicyResponse{PasswordPolicy: wPasswordPolicy{
		MinimumPasswordLength: p.MinimumPasswordLength, RequireLowercaseCharacters: p.RequireLowercaseCharacters,
		RequireUppercaseCharacters: p.RequireUppercaseCharacters, RequireNumbers: p.RequireNumbers,
		RequireSymbols: p.RequireSymbols, HardExpiry: p.HardExpiry, MaxPasswordAge: p.MaxPasswordAge,
		PasswordReusePrevention: p.PasswordReusePrevention, MaxLoginAttemps: p.MaxLoginAttempts}}
}

func respondSecurityPreference(p ram.SecurityPreference) response {
	r := &securityPreferenceResponse{}
	sp := &r.SecurityPreference
	sp.LoginProfilePreference.EnableSaveMFATicket = p.EnableSaveMFATicket
	sp.LoginProfilePreference.AllowUserToChangePassword = p.AllowUserToChangePassword
	sp.LoginProfilePreference.LoginSessionDuration = p.LoginSessionDuration
	sp.LoginProfilePreference.LoginNetworkMasks = p.LoginNetworkMasks
	sp.AccessKeyPreference.AllowUserToManageAccessKeys = p.AllowUserToManageAccessKeys
	sp.PublicKeyPreference.AllowUserToManagePublicKeys = p.AllowUserToManagePublicKeys
	sp.MFAPreference.AllowUserToManageMFADevices = p.AllowUserToManageMFADevices
	return r
}

func request(k *call) ram.Request { return ram.Request{RequestID: k.requestID} }

// optionalString is a parameter that may be set to "" on purpose (LoginNetworkMasks): nil
// only when absent. The SDKs leave empty parameters out, so an empty value can only come from
// other clients.
func optionalString(p *Params, name string) *string {
	v, ok := p.values[name]
	if !ok {
		return nil
	}
	s := v[0]
	return &s
}

func accountActions() []action {
	return []action{
		{name: "GetPasswordPolicy", summary: "Show the rules for RAM users' console passwords",
			handle: op(request, RAM.GetPasswordPolicy, respondPasswordPolicy)},
		{name: "SetPasswordPolicy", summary: "Set the rules for RAM users' console passwords", write: true,
			handle: op(func(k *call) ram.SetPasswordPolicyInput {
				return ram.SetPasswordPolicyInput{RequestID: k.requestID, PasswordPolicy: ram.PasswordPolicy{
					MinimumPasswordLength:      k.p.Positive("MinimumPasswordLength"), // 8 to 32: an explicit 0 is refused
					RequireLowercaseCharacters: k.p.Bool("RequireLowercaseCharacters"),
					RequireUppercaseCharacters: k.p.Bool("RequireUppercaseCharacters"),
					RequireNumbers:             k.p.Bool("RequireNumbers"),
					RequireSymbols:             k.p.Bool("RequireSymbols"),
					HardExpiry:                 k.p.Bool("HardExpiry"),
					MaxPasswordAge:             k.p.Int("MaxPasswordAge"),
					PasswordReusePrevention:    k.p.Int("PasswordReusePrevention"),
					MaxLoginAttempts:           k.p.Int("MaxLoginAttemps"),
				}}
			}, RAM.SetPasswordPolicy, respondPasswordPolicy)},
		{name: "GetSecurityPreference", summary: "Show what RAM users may manage for themselves, and sign-in settings",
			handle: op(request, RAM.GetSecurityPreference, respondSecurityPreference)},
		{name: "SetSecurityPreference", summary: "Change what RAM users may manage for themselves, and sign-in settings", write: true,
			handle: op(func(k *call) ram.SetSecurityPreferenceInput {
				return ram.SetSecurityPreferenceInput{RequestID: k.requestID,
					EnableSaveMFATicket:         k.p.OptionalBool("EnableSaveMFATicket"),
					AllowUserToChangePassword:   k.p.OptionalBool("AllowUserToChangePassword"),
					AllowUserToManageAccessKeys: k.p.OptionalBool("AllowUserToManageAccessKeys"),
					AllowUserToManagePublicKeys: k.p.OptionalBool("AllowUserToManagePublicKeys"),
					AllowUserToManageMFADevices: k.p.OptionalBool("AllowUserToManageMFADevices"),
					LoginSessionDuration:        k.p.OptionalInt("LoginSessionDuration"),
					LoginNetworkMasks:           optionalString(k.p, "LoginNetworkMasks")}
			}, RAM.SetSecurityPreference, respondSecurityPreference)},
		{name: "GetAccountAlias", summary: "Show the account's alias", handle: op(request, RAM.GetAccountAlias, func(a string) response {
			return &accountAliasResponse{AccountAlias: a}
		})},
		{name: "SetAccountAlias", summary: "Set the account's alias (used in principal names and sign-in)", write: true,
			handle: exec(func(k *call) ram.AccountAliasInput {
				return ram.AccountAliasInput{RequestID: k.requestID, AccountAlias: k.p.Required("AccountAlias")}
			}, RAM.SetAccountAlias)},
		{name: "ClearAccountAlias", summary: "Remove the account's alias", write: true, handle: exec(request, RAM.ClearAccountAlias)},
	}
}
