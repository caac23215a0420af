package authn

import (
	"context"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/secrets"
)

// Credential is what an AccessKeyId stands for: whose key it is and the secret that signs with it.
type Credential struct {
	// Caller is the identity the key authenticates: Type, AccountID, ID, Name and ARN (and, for a
	// role session, SessionName and SessionPolicy). The verifier adds AccessKeyID and Context.
	Caller authz.Caller
	// Secret is the AccessKeySecret the request must be signed with.
	Secret secrets.Secret
	// Active is false for a long-term key whose status is Inactive.
	Active bool
	// Expiration ends an STS credential; zero for long-term keys.
	Expiration time.Time
}

// KeySource finds long-term AccessKeys (the RAM domain's, root's and users').
type KeySource interface {
	// AccessKey returns the credential of key id. An unknown key is an error of kind
	// errs.NotFound; any other error is reported to the client as an internal error.
	AccessKey(ctx context.Context, id string) (Credential, error)
}

// SessionSource opens STS security tokens (package sts issues them).
type SessionSource interface {
	// Session returns the credential an STS AccessKeyId and its SecurityToken stand for, with
	// Active set and Expiration filled; the verifier checks the expiry itself. A token that does
	// not open is an *errs.Error coded InvalidSecurityToken.Malformed, one issued for another
	// AccessKeyId InvalidSecurityToken.MismatchWithAccessKey.
	Session(accessKeyID, token string) (Credential, error)
}

// stsKeyPrefix starts every AccessKeyId STS issues; such keys need a SecurityToken.
const stsKeyPrefix = "STS."
