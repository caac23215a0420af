package ram

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// Binding an MFA device while signing in. A user whose login profile has MFABindRequired and
// who has no device cannot finish signing in until it binds one, as on RAM's console: the
// console shows a new seed, the person adds it to an authenticator app and types two
// consecutive codes, and the device is created and bound in one step.
//
// This is not CreateVirtualMFADevice + BindMFADevice on the user's behalf: those answer to
// policies and to AllowUserToManageMFADevices, and an administrator who requires the binding has
// already decided that this user binds a device, so a policy must not leave the user locked
// out. What guards it instead is what guards the sign-in: the password was checked (the console
// calls it only for a session at that stage), and it binds only a new device, only to the
// signing-in user, only while the profile asks for one and none is bound. The binding is audited
// as ram:BindMFADevice by the user. A device of the user's name bound to no one (an Enable left
// before binding leaves one) is replaced, as ram.EnableMFA replaces it, its delete audited as
// ram:DeleteVirtualMFADevice before the bind: else the user could not sign in until an
// administrator deleted it.

// bindingLifetime bounds how long a seed offered for binding can be bound: as long as a sign-in
// may wait at one of its steps.
const bindingLifetime = 10 * time.Minute

// LogonMFABinding is a new virtual MFA device offered to a user who must bind one while signing
// in. Nothing is stored until BindLogonMFA accepts two codes of it.
type LogonMFABinding struct {
	// Base32StringSeed is the seed a person types into an authenticator app.
	Base32StringSeed secrets.Secret
	// URI is the seed as an otpauth:// URL, what apps read from a QR code.
	URI secrets.Secret
	// Token carries the seed, encrypted and bound to the user, back to BindLogonMFA: hand it
	// over unchanged with the codes.
	Token string
}

// BindLogonMFAInput is the binding step of a sign-in: the token of a LogonMFABinding and two
// consecutive codes the app shows for it.
type BindLogonMFAInput struct {
	RequestID           string
	UserID              string
	Token               string
	AuthenticationCode1 string
	AuthenticationCode2 string
	SourceIP            string
}

func errBindingExpired() error {
	return errs.E(errs.Unauthenticated, "LogonMFABindingExpired",
		"The MFA device offered for binding has expired. Reload the page to get a new one.")
}

// NewLogonMFABinding offers a new device to a user who must bind one (Logon.MFABindRequired).
func (s *Service) NewLogonMFABinding(ctx context.Context, userID string) (LogonMFABinding, error) {
	var user store.User
	err := s.store.View(ctx, func(r store.Reader) (err error) {
		user, _, err = bindingSubject(ctx, r, userID, s.clock())
		return err
	})
	if err != nil {
		return LogonMFABinding{}, errs.As(err)
	}
	key, err := newTOTPKey(user.Name + "@" + s.accountID())
	if err != nil {
		return LogonMFABinding{}, errs.Wrap(err)
	}
	seed := secrets.Secret(key.Secret())
	token := s.box.SealSecret(secrets.Secret(strconv.FormatInt(s.clock().Unix(), 10)+":"+seed.Reveal()), bindingOwner(userID))
	return LogonMFABinding{Base32StringSeed: seed, URI: secrets.Secret(key.URL()),
		Token: base64.RawURLEncoding.EncodeToString(token)}, nil
}

// LogonMFABindingOf is the device a LogonMFABinding's token offers, again: the same seed and
// URI, so that a page opened again (a reload) shows the key already added to the person's
// authenticator app, and its codes still bind it. A token older than ten minutes, or made for
// another user, is LogonMFABindingExpired; a user who need not bind a device any more is refused
// as NewLogonMFABinding refuses it.
func (s *Service) LogonMFABindingOf(ctx context.Context, userID, token string) (LogonMFABinding, error) {
	seed, err := s.openBinding(token, userID, s.clock())
	if err != nil {
		return LogonMFABinding{}, err
	}
	var user store.User
	err = s.store.View(ctx, func(r store.Reader) (err error) {
		user, _, err = bindingSubject(ctx, r, userID, s.clock())
		return err
	})
	if err != nil {
		return LogonMFABinding{}, errs.As(err)
	}
	key, err := totpKeyOf(user.Name+"@"+s.accountID(), seed)
	if err != nil {
		return LogonMFABinding{}, errs.Wrap(err)
	}
	return LogonMFABinding{Base32StringSeed: seed, URI: secrets.Secret(key.URL()), Token: token}, nil
}

// BindLogonMFA binds the device of a LogonMFABinding to the signing-in user once two
// consecutive codes of it check out, and completes the sign-in with MFA proved. Wrong codes are
// CheckAuthenticationCodeFail; a token older than ten minutes, or made for another user, is
// LogonMFABindingExpired. The device is named after the user (RAM's console does the same); a
// device of that name bound to no one is deleted in the same transaction, one bound to anyone
// else is EntityAlreadyExists.VirtualMFADevice.
func (s *Service) BindLogonMFA(ctx context.Context, in BindLogonMFAInput) (Logon, error) {
	for _, code := range []string{in.AuthenticationCode1, in.AuthenticationCode2} {
		if err := checkAuthCode(strings.TrimSpace(code)); err != nil {
			return Logon{}, err
		}
	}
	now := s.clock()
	var (
		acct store.Account
		user store.User
	)
	err := s.store.View(ctx, func(r store.Reader) (err error) {
		if acct, err = r.GetAccount(ctx); err != nil {
			return wrapf(err, "read account")
		}
		user, _, err = bindingSubject(ctx, r, in.UserID, now)
		return err
	})
	if err != nil {
		return Logon{}, errs.As(err)
	}
	account := acct.ID
	signedIn := authz.Caller{Type: authz.User, AccountID: account, ID: user.ID, Name: user.Name, ARN: authz.UserARN(account, user.Name), MFA: true}
	binder := signedIn // the audit records take the source address from the caller's context
	binder.Context.Set("acs:SourceIp", in.SourceIP)
	k := s.begin(&binder, "ram:BindMFADevice", in.RequestID)
	k.Target = userARN(account, user.Name)
	fail := func(err error) (Logon, error) {
		s.store.AppendAudit(ctx, k.Record(s.clock(), errs.CodeOf(err), k.Target))
		return Logon{}, err
	}
	seed, err := s.openBinding(in.Token, in.UserID, now)
	if err != nil {
		return fail(err)
	}
	step, err := consecutiveCodes(seed, now, strings.TrimSpace(in.AuthenticationCode1), strings.TrimSpace(in.AuthenticationCode2))
	if err != nil {
		return Logon{}, errs.Wrap(err)
	}
	if step == 0 {
		return fail(errs.E(errs.Denied, "CheckAuthenticationCodeFail", "The MFA authentication codes are not valid."))
	}
	serial := serialNumber(account, user.Name)
	k.Detail = `{"SerialNumber":"` + serial + `","DuringLogon":true}`
	bind := k.Op
	var profile store.LoginProfile
	err = s.ops.Write(ctx, &k.Op, func(tx store.Tx) (err error) {
		if _, profile, err = bindingSubject(ctx, tx, in.UserID, now); err != nil {
			return err
		}
		left, err := leftoverMFADevice(ctx, tx, serial)
		if errs.KindOf(err) == errs.Exists { // bound to another user: bindingSubject saw none bound to this one
			return errs.E(errs.Exists, "EntityAlreadyExists.VirtualMFADevice",
				"A virtual MFA device named %q already exists. Ask an administrator to delete it.", user.Name)
		} else if err != nil {
			return err
		}
		if left {
			// Audited as the delete, then the bind (operation.Op.Then).
			k.Op = s.begin(&binder, "ram:DeleteVirtualMFADevice", in.RequestID).Op
			k.Target, k.Detail = mfaARN(account, user.Name), `{"DuringLogon":true}`
			k.Then(bind)
			if err := tx.DeleteMFADevice(ctx, serial); err != nil {
				return err
			}
		}
		return s.storeMFADevice(ctx, tx, store.VirtualMFADevice{SerialNumber: serial, UserID: user.ID,
			CreateDate: now, ActivateDate: now, LastTimeStep: step}, seed)
	})
	if err != nil {
		if kind := errs.KindOf(err); kind != errs.Internal && kind != errs.Unavailable {
			return fail(err)
		}
		return Logon{}, err
	}
	l := Logon{Caller: signedIn, SessionDuration: sessionDuration(acct.SecurityPreference),
		PasswordResetRequired: profile.PasswordResetRequired || passwordExpired(acct.PasswordPolicy, profile, now)}
	return l, s.completeLogon(ctx, in.RequestID, user.ID, signedIn.ARN, in.SourceIP)
}

// bindingSubject returns a user who may bind a device while signing in, and its login profile:
// one with a login profile that asks for a device, no device bound, and no lock.
func bindingSubject(ctx context.Context, r store.Reader, userID string, now time.Time) (store.User, store.LoginProfile, error) {
	u, err := r.GetUser(ctx, userID)
	if notFound(err) {
		return store.User{}, store.LoginProfile{}, errLogonFailed()
	} else if err != nil {
		return store.User{}, store.LoginProfile{}, wrapf(err, "read user %s", userID)
	}
	p, err := r.GetLoginProfile(ctx, userID)
	if notFound(err) {
		return store.User{}, store.LoginProfile{}, errLogonFailed()
	} else if err != nil {
		return store.User{}, store.LoginProfile{}, wrapf(err, "read login profile of user %s", userID)
	}
	if p.LockedUntil.After(now) {
		return store.User{}, store.LoginProfile{}, errLogonLocked(p.LockedUntil)
	}
	if _, err := r.GetMFADeviceForUser(ctx, userID); !notFound(err) {
		if err != nil {
			return store.User{}, store.LoginProfile{}, wrapf(err, "read MFA device of user %s", userID)
		}
		return store.User{}, store.LoginProfile{}, alreadyExists("EntityAlreadyExists.User.MFADevice", "The user already has an MFA device bound.")
	}
	if !p.MFABindRequired {
		return store.User{}, store.LoginProfile{}, errs.E(errs.Invalid, "LogonMFABindNotRequired", "The user is not required to bind an MFA device.")
	}
	return u, p, nil
}

// bindingOwner is the associated data that ties a binding's token to its user.
func bindingOwner(userID string) string { return "rampart logon MFA binding\x00" + userID }

// openBinding returns the seed of a LogonMFABinding's token made for userID no longer than
// bindingLifetime before now.
func (s *Service) openBinding(token, userID string, now time.Time) (secrets.Secret, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return "", errBindingExpired()
	}
	pt, err := s.box.OpenSecret(raw, bindingOwner(userID))
	if err != nil {
		return "", errBindingExpired()
	}
	issued, seed, ok := strings.Cut(pt.Reveal(), ":")
	unix, err := strconv.ParseInt(issued, 10, 64)
	if !ok || err != nil || seed == "" || now.Sub(time.Unix(unix, 0)) > bindingLifetime {
		return "", errBindingExpired()
	}
	return secrets.Secret(seed), nil
}
