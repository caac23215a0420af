package store

import (
	"context"
	"time"
)

// Account is the one account a store holds, with its account-wide settings.
type Account struct {
	ID                 string // 16 digits
	Alias              string // "" when cleared
	CreateDate         time.Time
	PasswordPolicy     PasswordPolicy
	SecurityPreference SecurityPreference
	// RootPasswordHash is the PHC string (argon2id) of the root identity's console password;
	// "" when it has none. The store never sees the password.
	RootPasswordHash string
}

// PasswordPolicy holds every field of RAM's SetPasswordPolicy.
type PasswordPolicy struct {
	MinimumPasswordLength      int
	RequireLowercaseCharacters bool
	RequireUppercaseCharacters bool
	RequireNumbers             bool
	RequireSymbols             bool
	HardExpiry                 bool
	MaxPasswordAge             int // days; 0: passwords never expire
	PasswordReusePrevention    int // how many previous passwords may not be reused; 0: any
	MaxLoginAttempts           int // failures before a one-hour lock; 0: never locked
}

// SecurityPreference holds every field of RAM's SetSecurityPreference.
type SecurityPreference struct {
	EnableSaveMFATicket         bool
	AllowUserToChangePassword   bool
	AllowUserToManageAccessKeys bool
	AllowUserToManagePublicKeys bool
	AllowUserToManageMFADevices bool
	LoginSessionDuration        int    // hours
	LoginNetworkMasks           string // RAM's semicolon-separated CIDR list; "" allows any
}

// AccountReader reads the account.
type AccountReader interface {
	// GetAccount returns the store's account; ErrNotFound before CreateAccount.
	GetAccount(ctx context.Context) (Account, error)
}

// AccountWriter creates and changes the account.
type AccountWriter interface {
	// CreateAccount stores the account; ErrExists when the store already has one.
	CreateAccount(ctx context.Context, a Account) error
	// UpdateAccount replaces the alias, both settings and the root password hash of the account
	// with ID a.ID.
	UpdateAccount(ctx context.Context, a Account) error
}
