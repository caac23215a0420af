package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// subject is the user an operation that users may perform on themselves acts on: its
// AccessKeys, MFA device or password.
type subject struct {
	user store.User // ID "" for the root's own AccessKeys, or a user that does not exist
	arn  string     // the resource to authorize
	self bool       // the caller acts on itself
	root bool       // the root acts on its own AccessKeys
}

// subject resolves a UserName parameter: the named user, or the caller itself when name is
// "". The root may omit it only where rootOK (its own AccessKeys); a role session must name a
// user (MissingParameter UserName).
func (k *call) subject(ctx context.Context, r store.Reader, name string, rootOK bool) (subject, error) {
	account := k.s.accountID()
	if name != "" {
		u, arn, err := findUser(ctx, r, account, name)
		if err != nil {
			return subject{}, err
		}
		return subject{user: u, arn: arn, self: isSelf(k.Caller, u.ID)}, nil
	}
	switch {
	case k.Caller == nil:
	case k.Caller.Type == authz.Root && rootOK:
		return subject{arn: authz.RootARN(account), root: true, self: true}, nil
	case k.Caller.Type == authz.User:
		u, err := r.GetUser(ctx, k.Caller.ID)
		if err != nil && !notFound(err) {
			return subject{}, wrapf(err, "read user %s", k.Caller.ID)
		}
		return subject{user: u, arn: userARN(account, k.Caller.Name), self: true}, nil
	}
	return subject{}, missing("UserName")
}

// allowSubject authorizes the call on the subject. A RAM user acting on itself needs no policy
// when the account's security preference lets users do this (pref); an explicit Deny still
// wins. EntityNotExist.User comes after the authorization.
func (k *call) allowSubject(ctx context.Context, r store.Reader, sub subject, pref func(store.SecurityPreference) bool) error {
	self := false
	if sub.self && k.Caller != nil && k.Caller.Type == authz.User {
		a, err := r.GetAccount(ctx)
		if err != nil {
			return wrapf(err, "read account")
		}
		self = pref(a.SecurityPreference)
	}
	if err := k.allowSelf(self, sub.arn); err != nil {
		return err
	}
	if !sub.root && sub.user.ID == "" {
		return errNoUser()
	}
	return nil
}

// The security preferences that let users manage parts of themselves.
func manageAccessKeys(p store.SecurityPreference) bool { return p.AllowUserToManageAccessKeys }
func manageMFADevices(p store.SecurityPreference) bool { return p.AllowUserToManageMFADevices }
func changePassword(p store.SecurityPreference) bool   { return p.AllowUserToChangePassword }
