package ram

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// ChangePasswordInput holds ChangePassword's parameters.
type ChangePasswordInput struct {
	RequestID   string
	OldPassword secrets.Secret
	NewPassword secrets.Secret
	// KeepConsoleSession is the ID hash of the console session that asks for the change, which
	// stays signed in; "" (an API call) keeps none.
	KeepConsoleSession string
}

func errWrongOldPassword() error {
	return errs.E(errs.Invalid, "InvalidParameter.OldPassword", "The old password is incorrect.")
}

// errChangePasswordLocked is sign-in's LogonLocked for a caller who is authenticated (by an
// AccessKey, an STS token or a console session) but whose password is locked: 403, not 401.
func errChangePasswordLocked(until time.Time) error { return deniedLock(errLogonLocked(until)) }

// deniedLock makes sign-in's LogonLocked error err the one of an authenticated caller (403).
func deniedLock(err error) error {
	e := errs.As(err)
	e.Kind = errs.Denied
	return e
}

// ChangePassword changes the caller's own console password, given the current one. A RAM user
// needs no policy when AllowUserToChangePassword is on (otherwise ram:ChangePassword on itself),
// must have a login profile, and the new password must meet the password policy; the change
// clears PasswordResetRequired. The root changes its own password, to which no password policy
// applies (RAM's applies to RAM users). Role sessions have no password.
//
// A RAM user's wrong OldPassword counts as a failed sign-in: towards the password policy's
// MaxLoginAttempts within an hour, after which the user is locked for an hour, and while locked
// ChangePassword answers LogonLocked, even with the right password. Else whoever holds a user's
// AccessKey could guess the console password through this API without bound, and a right guess
// would clear the lock the console's sign-in set. (The root has no lockout, as at sign-in.)
//
// Each wrong OldPassword, and each attempt refused because the user is locked, is recorded in
// the audit trail (ram:ChangePassword with the error code as its result, the password itself
// never), as failed sign-ins and denials are: guesses through the API show as guesses at the
// console do. The root's wrong OldPassword is recorded too.
//
// The change ends the caller's other console sessions in the same transaction (all but
// in.KeepConsoleSession): whoever signed in with the old password, perhaps someone who stole it,
// is signed out by it.
func (s *Service) ChangePassword(ctx context.Context, c *authz.Caller, in ChangePasswordInput) error {
	if in.OldPassword.IsZero() {
		return missing("OldPassword")
	}
	if err := checkPasswordForm("NewPassword", in.NewPassword); err != nil {
		return err
	}
	k := s.begin(c, "ram:ChangePassword", in.RequestID)
	if c != nil && c.Type == authz.Root {
		return s.changeRootPassword(ctx, k, in)
	}
	// As for UpdateLoginProfile: gather and authorize, verify and hash outside any
	// transaction, then write if nothing changed meanwhile.
	var seen store.LoginProfile
	var pol store.PasswordPolicy
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) (err error) {
		if seen, err = k.ownProfile(ctx, r); err != nil {
			return err
		}
		pol, err = passwordPolicy(ctx, r)
		return err
	})
	if err != nil {
		return err
	}
	now := s.clock()
	if seen.LockedUntil.After(now) {
		return k.refusedPassword(ctx, errChangePasswordLocked(seen.LockedUntil))
	}
	ok, err := s.passwords.Verify(ctx, in.OldPassword, seen.PasswordHash)
	if err != nil {
		return errs.Wrap(err)
	}
	if !ok {
		return k.refusedPassword(ctx, s.wrongOldPassword(ctx, seen.UserID, pol.MaxLoginAttempts, now))
	}
	hash, err := s.hashNewPassword(ctx, pol, in.NewPassword, seen.PasswordHash, seen.PasswordHistory)
	if err != nil {
		return errs.As(err)
	}
	err = s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		p, err := k.ownProfile(ctx, tx)
		if err != nil {
			return err
		}
		if p.PasswordHash != seen.PasswordHash {
			return errConcurrentPasswordChange()
		}
		// Wrong guesses sent with the right one may have locked the user meanwhile; the new
		// password would clear their lock.
		if p.LockedUntil.After(now) {
			return errChangePasswordLocked(p.LockedUntil)
		}
		if pol, err = passwordPolicy(ctx, tx); err != nil {
			return err
		}
		if err := checkPasswordPolicy(pol, in.NewPassword); err != nil {
			return err
		}
		p = withNewPassword(p, hash, s.clock())
		p.PasswordResetRequired = false
		if err := tx.UpdateLoginProfile(ctx, p); err != nil {
			return err
		}
		return k.endConsoleSessions(ctx, tx, p.UserID, in.KeepConsoleSession)
	})
	if errs.CodeOf(err) == "LogonLocked" {
		return k.refusedPassword(ctx, err)
	}
	return err
}

// refusedPassword records a ChangePassword refused for its OldPassword (wrong, or the user
// locked) in the audit trail, outside any Update as a denial is, and returns err. A wrong
// OldPassword is the client's input, but it is also a guess at a password: the trail shows it
// as it shows a failed sign-in. The record names the caller, the user and the error code; no
// password.
func (k *call) refusedPassword(ctx context.Context, err error) error {
	if code := errs.CodeOf(err); code != "InvalidParameter.OldPassword" && code != "LogonLocked" {
		return err // not a refusal of the password: the store failed
	}
	if _, aerr := k.s.store.AppendAudit(ctx, k.Record(k.s.clock(), errs.CodeOf(err), k.Target)); aerr != nil {
		// The client still learns why it was refused; the lost record is reported with it.
		e := *errs.As(err)
		e.Err = errors.Join(e.Err, aerr)
		return &e
	}
	return err
}

// wrongOldPassword is logonFailure for a wrong OldPassword of a RAM user: it counts as a failed
// sign-in, and the answer is LogonLocked (403) when it reached MaxLoginAttempts.
func (s *Service) wrongOldPassword(ctx context.Context, userID string, maxAttempts int, now time.Time) error {
	switch err := s.logonFailure(ctx, userID, maxAttempts, now); errs.CodeOf(err) {
	case "InvalidLogon":
		return errWrongOldPassword()
	case "LogonLocked":
		return deniedLock(err)
	default:
		return err
	}
}

// ownProfile authorizes a user's ChangePassword on itself and returns its login profile.
func (k *call) ownProfile(ctx context.Context, r store.Reader) (store.LoginProfile, error) {
	sub, err := k.subject(ctx, r, "", false)
	if err != nil {
		if k.Caller != nil && k.Caller.Type != authz.User {
			// A role session or service has nobody's password to change.
			return store.LoginProfile{}, k.denied(accountARN(k.s.accountID()), policy.ImplicitDeny)
		}
		return store.LoginProfile{}, err
	}
	if err := k.allowSubject(ctx, r, sub, changePassword); err != nil {
		return store.LoginProfile{}, err
	}
	p, err := r.GetLoginProfile(ctx, sub.user.ID)
	if notFound(err) {
		return store.LoginProfile{}, errNoLoginProfile()
	} else if err != nil {
		return store.LoginProfile{}, wrapf(err, "read login profile of user %s", sub.user.ID)
	}
	return p, nil
}

// changeRootPassword is ChangePassword for the account's root.
func (s *Service) changeRootPassword(ctx context.Context, k *call, in ChangePasswordInput) error {
	account := s.accountID()
	var seen store.Account
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) (err error) {
		if err := k.allow(authz.RootARN(account)); err != nil {
			return err
		}
		seen, err = r.GetAccount(ctx)
		return err
	})
	if err != nil {
		return err
	}
	if seen.RootPasswordHash == "" {
		return k.refusedPassword(ctx, errWrongOldPassword())
	}
	ok, err := s.passwords.Verify(ctx, in.OldPassword, seen.RootPasswordHash)
	if err != nil {
		return errs.Wrap(err)
	}
	if !ok {
		return k.refusedPassword(ctx, errWrongOldPassword())
	}
	hash, err := s.passwords.Hash(ctx, in.NewPassword)
	if err != nil {
		return errs.Wrap(err)
	}
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		a, err := tx.GetAccount(ctx)
		if err != nil {
			return wrapf(err, "read account")
		}
		if a.RootPasswordHash != seen.RootPasswordHash {
			return errConcurrentPasswordChange()
		}
		a.RootPasswordHash = hash
		if err := tx.UpdateAccount(ctx, a); err != nil {
			return err
		}
		return k.endConsoleSessions(ctx, tx, "", in.KeepConsoleSession)
	})
}

// endConsoleSessions ends the console sessions of a user whose password changed ("" for the
// root), all but keep, and notes how many in the call's audit record.
func (k *call) endConsoleSessions(ctx context.Context, tx store.Tx, userID, keep string) error {
	n, err := tx.DeleteUserConsoleSessions(ctx, userID, keep)
	if err != nil {
		return wrapf(err, "end the console sessions of user %q", userID)
	}
	k.Detail = `{"ConsoleSessionsEnded":` + strconv.Itoa(n) + `}`
	return nil
}
