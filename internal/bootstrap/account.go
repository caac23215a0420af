package bootstrap

import (
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// newAccount is the account a first start creates. RAM documents no defaults for these
// settings; these follow its console's behaviour for a new account (8-character passwords with
// no class requirements, no expiry, five failed sign-ins before a lock; users may change their
// own password and manage their MFA devices but not AccessKeys; six-hour console sessions) and
// can be changed later with SetPasswordPolicy and SetSecurityPreference.
func newAccount(id string, now time.Time) store.Account {
	return store.Account{
		ID:         id,
		CreateDate: now,
		PasswordPolicy: store.PasswordPolicy{
			MinimumPasswordLength: 8,
			MaxLoginAttempts:      5,
		},
		SecurityPreference: store.SecurityPreference{
			AllowUserToChangePassword:   true,
			AllowUserToManageMFADevices: true,
			LoginSessionDuration:        6,
		},
	}
}

// rootARN is the account root's ARN, as GetCallerIdentity reports it.
func rootARN(accountID string) string { return "acs:ram::" + accountID + ":root" }
