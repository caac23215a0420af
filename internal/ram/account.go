package ram

import (
	"context"
	"net/netip"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// SetPasswordPolicyInput holds SetPasswordPolicy's parameters. As in RAM, the call replaces the
// whole policy: a parameter the request leaves out takes its default (false or 0;
// MinimumPasswordLength 0 means 8).
type SetPasswordPolicyInput struct {
	RequestID string
	PasswordPolicy
}

// SetSecurityPreferenceInput holds SetSecurityPreference's parameters; nil fields are left as
// they are.
type SetSecurityPreferenceInput struct {
	RequestID                   string
	EnableSaveMFATicket         *bool
	AllowUserToChangePassword   *bool
	AllowUserToManageAccessKeys *bool
	AllowUserToManagePublicKeys *bool
	AllowUserToManageMFADevices *bool
	LoginSessionDuration        *int    // hours, 1 to 24
	LoginNetworkMasks           *string // CIDR blocks separated by ";", at most 40 and 512 characters; "" allows any network
}

// AccountAliasInput holds SetAccountAlias's parameter.
type AccountAliasInput struct {
	RequestID    string
	AccountAlias string
}

// Ranges of the account's settings (RAM's error page and API reference).
const (
	maxPasswordAge          = 1095
	maxLoginAttempts        = 32
	maxLoginSessionDuration = 24
	maxNetworkMasks         = 40
	maxNetworkMasksLength   = 512
	minAliasLength          = 3
	maxAliasLength          = 63
)

// account authorizes the call on the account's settings and returns the account.
func (k *call) account(ctx context.Context, r store.Reader) (store.Account, error) {
	if err := k.allow(accountARN(k.s.accountID())); err != nil {
		return store.Account{}, err
	}
	a, err := r.GetAccount(ctx)
	if err != nil {
		return store.Account{}, wrapf(err, "read account")
	}
	return a, nil
}

// changeAccount runs one change of the account's settings.
func (s *Service) changeAccount(ctx context.Context, k *call, change func(a *store.Account)) (store.Account, error) {
	var a store.Account
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) (err error) {
		if a, err = k.account(ctx, tx); err != nil {
			return err
		}
		change(&a)
		return tx.UpdateAccount(ctx, a)
	})
	return a, err
}

// readAccount reads the account's settings.
func (s *Service) readAccount(ctx context.Context, k *call) (store.Account, error) {
	var a store.Account
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) (err error) {
		a, err = k.account(ctx, r)
		return err
	})
	return a, err
}

// GetPasswordPolicy returns the password policy (ram:GetPasswordPolicy on the account).
func (s *Service) GetPasswordPolicy(ctx context.Context, c *authz.Caller, in Request) (PasswordPolicy, error) {
	a, err := s.readAccount(ctx, s.begin(c, "ram:GetPasswordPolicy", in.RequestID))
	if err != nil {
		return PasswordPolicy{}, err
	}
	return passwordPolicyView(a.PasswordPolicy), nil
}

// SetPasswordPolicy replaces the password policy (ram:SetPasswordPolicy on the account). It
// applies to passwords set from now on.
func (s *Service) SetPasswordPolicy(ctx context.Context, c *authz.Caller, in SetPasswordPolicyInput) (PasswordPolicy, error) {
	p := in.PasswordPolicy
	if p.MinimumPasswordLength == 0 {
		p.MinimumPasswordLength = minPasswordLength
	}
	for _, r := range []struct {
		param       string
		v, min, max int
	}{
		{"MinimumPasswordLength", p.MinimumPasswordLength, minPasswordLength, maxPasswordLength},
		{"MaxPasswordAge", p.MaxPasswordAge, 0, maxPasswordAge},
		{"PasswordReusePrevention", p.PasswordReusePrevention, 0, maxPasswordHistory},
		{"MaxLoginAttemps", p.MaxLoginAttempts, 0, maxLoginAttempts}, // RAM's parameter is spelled so
	} {
		if err := checkRange(r.param, r.v, r.min, r.max); err != nil {
			return PasswordPolicy{}, err
		}
	}
	a, err := s.changeAccount(ctx, s.begin(c, "ram:SetPasswordPolicy", in.RequestID), func(a *store.Account) {
		a.PasswordPolicy = store.PasswordPolicy(p)
	})
	if err != nil {
		return PasswordPolicy{}, err
	}
	return passwordPolicyView(a.PasswordPolicy), nil
}

// GetSecurityPreference returns what users may do for themselves and console sign-in settings
// (ram:GetSecurityPreference on the account).
func (s *Service) GetSecurityPreference(ctx context.Context, c *authz.Caller, in Request) (SecurityPreference, error) {
	a, err := s.readAccount(ctx, s.begin(c, "ram:GetSecurityPreference", in.RequestID))
	if err != nil {
		return SecurityPreference{}, err
	}
	return securityPreferenceView(a.SecurityPreference), nil
}

// SetSecurityPreference changes the settings the input sets (ram:SetSecurityPreference on the
// account). Self-service changes govern the next request.
func (s *Service) SetSecurityPreference(ctx context.Context, c *authz.Caller, in SetSecurityPreferenceInput) (SecurityPreference, error) {
	if in.LoginSessionDuration != nil {
		if err := checkRange("LoginSessionDuration", *in.LoginSessionDuration, 1, maxLoginSessionDuration); err != nil {
			return SecurityPreference{}, err
		}
	}
	if in.LoginNetworkMasks != nil {
		if err := checkNetworkMasks(*in.LoginNetworkMasks); err != nil {
			return SecurityPreference{}, err
		}
	}
	a, err := s.changeAccount(ctx, s.begin(c, "ram:SetSecurityPreference", in.RequestID), func(a *store.Account) {
		p := &a.SecurityPreference
		for _, f := range []struct {
			set *bool
			to  *bool
		}{
			{in.EnableSaveMFATicket, &p.EnableSaveMFATicket},
			{in.AllowUserToChangePassword, &p.AllowUserToChangePassword},
			{in.AllowUserToManageAccessKeys, &p.AllowUserToManageAccessKeys},
			{in.AllowUserToManagePublicKeys, &p.AllowUserToManagePublicKeys},
			{in.AllowUserToManageMFADevices, &p.AllowUserToManageMFADevices},
		} {
			if f.set != nil {
				*f.to = *f.set
			}
		}
		if in.LoginSessionDuration != nil {
			p.LoginSessionDuration = *in.LoginSessionDuration
		}
		if in.LoginNetworkMasks != nil {
			p.LoginNetworkMasks = *in.LoginNetworkMasks
		}
	})
	if err != nil {
		return SecurityPreference{}, err
	}
	return securityPreferenceView(a.SecurityPreference), nil
}

// checkNetworkMasks accepts "" or up to 40 IPv4/IPv6 addresses or CIDR blocks separated by ";",
// 512 characters in all.
func checkNetworkMasks(v string) error {
	if v == "" {
		return nil
	}
	if len(v) > maxNetworkMasksLength {
		return tooLong("LoginNetworkMasks")
	}
	masks := strings.Split(v, ";")
	if len(masks) > maxNetworkMasks {
		return badFormat("LoginNetworkMasks", "at most 40 CIDR blocks separated by semicolons")
	}
	for _, m := range masks {
		if _, err := netip.ParsePrefix(m); err == nil {
			continue
		}
		if _, err := netip.ParseAddr(m); err != nil {
			return badFormat("LoginNetworkMasks", "CIDR blocks such as 10.0.0.0/8 separated by semicolons")
		}
	}
	return nil
}

// checkAlias applies RAM's alias rules: 3 to 63 lower-case letters, digits and hyphens, not
// starting or ending with a hyphen and without two in a row.
func checkAlias(v string) error {
	if v == "" {
		return missing("AccountAlias")
	}
	if len(v) < minAliasLength || len(v) > maxAliasLength {
		return errorf("InvalidParameter.AccountAlias.Length", "The parameter - %q MUST be in the range of %d and %d.", "AccountAlias", minAliasLength, maxAliasLength)
	}
	for i := 0; i < len(v); i++ {
		ch := v[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-') {
			return badFormat("AccountAlias", "lower-case letters, digits and hyphens")
		}
	}
	if v[0] == '-' || v[len(v)-1] == '-' || strings.Contains(v, "--") {
		return badFormat("AccountAlias", "no hyphen at either end and never two in a row")
	}
	return nil
}

// GetAccountAlias returns the account's alias, "" without one (ram:GetAccountAlias on the
// account).
func (s *Service) GetAccountAlias(ctx context.Context, c *authz.Caller, in Request) (string, error) {
	a, err := s.readAccount(ctx, s.begin(c, "ram:GetAccountAlias", in.RequestID))
	if err != nil {
		return "", err
	}
	return a.Alias, nil
}

// SetAccountAlias sets the account's alias (ram:SetAccountAlias on the account). Resource
// Manager principal names then use it, and still accept the account ID.
func (s *Service) SetAccountAlias(ctx context.Context, c *authz.Caller, in AccountAliasInput) error {
	if err := checkAlias(in.AccountAlias); err != nil {
		return err
	}
	_, err := s.changeAccount(ctx, s.begin(c, "ram:SetAccountAlias", in.RequestID), func(a *store.Account) { a.Alias = in.AccountAlias })
	return err
}

// ClearAccountAlias removes the account's alias (ram:ClearAccountAlias on the account).
func (s *Service) ClearAccountAlias(ctx context.Context, c *authz.Caller, in Request) error {
	_, err := s.changeAccount(ctx, s.begin(c, "ram:ClearAccountAlias", in.RequestID), func(a *store.Account) { a.Alias = "" })
	return err
}
