package ram

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/netip"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/operation"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// Console sign-in. It is not a RAM API operation: nobody is authenticated yet, so nothing is
// authorized; what guards it is the password, the lock after the password policy's
// MaxLoginAttempts failures, the account's LoginNetworkMasks and, for a user with an MFA device,
// a TOTP code. Every attempt, good or bad, is recorded in the audit trail as
// ram:ConsoleSignin (outside any Update: a sign-in changes no state decisions depend on).

// LogonInput is what a person types on the console's sign-in page. LogonName is
// "<user>@<account alias or ID>" (".onaliyun.com" may follow) for a RAM user, or the account ID
// or alias alone for the account's root.
type LogonInput struct {
	RequestID string
	LogonName string
	Password  secrets.Secret
	// SourceIP is the client's address, checked against the account's LoginNetworkMasks (RAM
	// users only) and recorded in the audit trail; "" when unknown.
	SourceIP string
}

// Logon is a sign-in whose password checked out, and what the console must still ask for.
type Logon struct {
	// Caller is who signed in, without a Context (the console fills it per request).
	Caller authz.Caller
	// MFADevice is the serial number of the user's bound MFA device; when set, the sign-in is not
	// complete until VerifyLogonMFA accepts a code from it.
	MFADevice string
	// PasswordResetRequired says the user must choose a new password (ChangePassword) before
	// doing anything else: an administrator asked for it, or the password is older than the
	// password policy's MaxPasswordAge.
	PasswordResetRequired bool
	// MFABindRequired says the user has no MFA device and its login profile asks for one: the
	// sign-in is not complete until BindLogonMFA binds one (see NewLogonMFABinding).
	MFABindRequired bool
	// SessionDuration is how long a console session may last: the account's security preference
	// LoginSessionDuration.
	SessionDuration time.Duration
}

// LogonMFAInput is the second step of a sign-in: a code from the user's MFA device.
type LogonMFAInput struct {
	RequestID string
	UserID    string
	Code      string
	SourceIP  string
}

// logonAction names sign-ins in the audit trail.
const logonAction = "ram:ConsoleSignin"

// notALogonName is the audit target of a sign-in whose logon name names nobody of this account.
// What was typed is not kept: people type their password into the name field, and the trail is
// read by others.
const notALogonName = "(not a logon name of this account)"

// lockDuration is how long MaxLoginAttempts failures lock a user out (RAM: one hour).
const lockDuration = time.Hour

// failureWindow is how long failures count towards MaxLoginAttempts from the first of them
// (RAM: the wrong passwords within one hour).
const failureWindow = time.Hour

// mfaSkewSteps is how many 30-second steps a sign-in code may be off the server's clock.
const mfaSkewSteps = 1

func errLogonFailed() error {
	return errs.E(errs.Unauthenticated, "InvalidLogon", "The logon name or password is incorrect.")
}

func errLogonLocked(until time.Time) error {
	return errs.E(errs.Unauthenticated, "LogonLocked",
		"Too many failed logon attempts. The user is locked until %s.", until.UTC().Format(time.RFC3339))
}

// VerifyLogonPassword checks a logon name and password. A wrong password, an unknown name and a
// user without a login profile all give the same InvalidLogon error, so the page cannot be used
// to learn which users exist. A RAM user's failures count towards the password policy's
// MaxLoginAttempts within an hour of the first, after which the user is locked for an hour
// (LogonLocked, even with the right password). The account's LoginNetworkMasks, when set, refuse
// RAM users signing in from elsewhere (LogonNetworkDenied). A password older than MaxPasswordAge
// must be changed on sign-in, unless HardExpiry is set: then only an administrator can reset it
// (PasswordExpired).
func (s *Service) VerifyLogonPassword(ctx context.Context, in LogonInput) (Logon, error) {
	var (
		acct    store.Account
		user    store.User
		profile store.LoginProfile
		device  store.VirtualMFADevice
	)
	account := s.accountID()
	err := s.store.View(ctx, func(r store.Reader) (err error) {
		if acct, err = r.GetAccount(ctx); err != nil {
			return wrapf(err, "read account")
		}
		name, root := logonUser(in.LogonName, account, acct.Alias)
		if root || name == "" {
			return nil
		}
		if user, err = r.GetUserByName(ctx, name); notFound(err) {
			return nil
		} else if err != nil {
			return wrapf(err, "read user %q", name)
		}
		if profile, err = r.GetLoginProfile(ctx, user.ID); notFound(err) {
			user = store.User{}
			return nil
		} else if err != nil {
			return wrapf(err, "read login profile of user %s", user.ID)
		}
		if device, err = r.GetMFADeviceForUser(ctx, user.ID); err != nil && !notFound(err) {
			return wrapf(err, "read MFA device of user %s", user.ID)
		}
		return nil
	})
	if err != nil {
		return Logon{}, errs.Wrap(err)
	}
	if _, root := logonUser(in.LogonName, account, acct.Alias); root {
		return s.verifyRootPassword(ctx, in, acct)
	}
	now := s.clock()
	if user.ID == "" {
		// Spend the time a real check would, so timing does not tell which names exist.
		if acct.RootPasswordHash != "" {
			s.passwords.Verify(ctx, in.Password, acct.RootPasswordHash)
		}
		target := in.LogonName
		if name, _ := logonUser(in.LogonName, account, acct.Alias); name == "" {
			target = notALogonName
		}
		s.auditLogon(ctx, in.RequestID, "", target, in.SourceIP, "InvalidLogon")
		return Logon{}, errLogonFailed()
	}
	arn := authz.UserARN(account, user.Name)
	fail := func(err error) (Logon, error) {
		s.auditLogon(ctx, in.RequestID, arn, arn, in.SourceIP, errs.CodeOf(err))
		return Logon{}, err
	}
	if !allowedNetwork(acct.SecurityPreference.LoginNetworkMasks, in.SourceIP) {
		return fail(errs.E(errs.Denied, "LogonNetworkDenied", "Logons from this network are not allowed for this account."))
	}
	if profile.LockedUntil.After(now) {
		return fail(errLogonLocked(profile.LockedUntil))
	}
	ok, err := s.passwords.Verify(ctx, in.Password, profile.PasswordHash)
	if err != nil {
		return Logon{}, errs.Wrap(err)
	}
	if !ok {
		return fail(s.logonFailure(ctx, user.ID, acct.PasswordPolicy.MaxLoginAttempts, now))
	}
	if err := s.notLocked(ctx, user.ID, now); err != nil {
		return fail(err)
	}
	pol := acct.PasswordPolicy
	expired := passwordExpired(pol, profile, now)
	if expired && pol.HardExpiry {
		return fail(errs.E(errs.Denied, "PasswordExpired", "The password has expired. Ask an administrator to reset it."))
	}
	l := Logon{
		Caller:                authz.Caller{Type: authz.User, AccountID: account, ID: user.ID, Name: user.Name, ARN: arn},
		PasswordResetRequired: profile.PasswordResetRequired || expired,
		MFABindRequired:       profile.MFABindRequired && device.SerialNumber == "",
		SessionDuration:       sessionDuration(acct.SecurityPreference),
	}
	if device.SerialNumber != "" {
		l.MFADevice = device.SerialNumber
		return l, nil // the sign-in is recorded once the code is checked
	}
	if l.MFABindRequired {
		return l, nil // the sign-in is recorded once a device is bound
	}
	return l, s.completeLogon(ctx, in.RequestID, user.ID, arn, in.SourceIP)
}

// verifyRootPassword is VerifyLogonPassword for the account's root. RAM's password policy and
// network masks govern RAM users, not the root.
func (s *Service) verifyRootPassword(ctx context.Context, in LogonInput, acct store.Account) (Logon, error) {
	arn := authz.RootARN(acct.ID)
	ok := false
	if acct.RootPasswordHash != "" {
		var err error
		if ok, err = s.passwords.Verify(ctx, in.Password, acct.RootPasswordHash); err != nil {
			return Logon{}, errs.Wrap(err)
		}
	}
	if !ok {
		s.auditLogon(ctx, in.RequestID, arn, arn, in.SourceIP, "InvalidLogon")
		return Logon{}, errLogonFailed()
	}
	s.auditLogon(ctx, in.RequestID, arn, arn, in.SourceIP, operation.ResultSuccess)
	return Logon{Caller: authz.RootCaller(acct.ID), SessionDuration: sessionDuration(acct.SecurityPreference)}, nil
}

// passwordExpired reports whether the profile's password is older than the policy's
// MaxPasswordAge.
func passwordExpired(pol store.PasswordPolicy, p store.LoginProfile, now time.Time) bool {
	return pol.MaxPasswordAge > 0 && !p.PasswordChangeDate.IsZero() &&
		now.After(p.PasswordChangeDate.AddDate(0, 0, pol.MaxPasswordAge))
}

// sessionDuration is the account's LoginSessionDuration; RAM's default of 6 hours when unset.
func sessionDuration(p store.SecurityPreference) time.Duration {
	if p.LoginSessionDuration <= 0 {
		return 6 * time.Hour
	}
	return time.Duration(p.LoginSessionDuration) * time.Hour
}

// VerifyLogonMFA checks the code of the second sign-in step against the user's bound device
// and returns the sign-in, with MFA proved. A code is accepted once (a replayed one fails even if
// still current) and within one 30-second step of the server's clock. Wrong codes count towards
// MaxLoginAttempts like wrong passwords.
func (s *Service) VerifyLogonMFA(ctx context.Context, in LogonMFAInput) (Logon, error) {
	var (
		acct   store.Account
		user   store.User
		device store.VirtualMFADevice
	)
	err := s.store.View(ctx, func(r store.Reader) (err error) {
		if acct, err = r.GetAccount(ctx); err != nil {
			return wrapf(err, "read account")
		}
		if user, err = r.GetUser(ctx, in.UserID); err != nil {
			return err
		}
		device, err = r.GetMFADeviceForUser(ctx, in.UserID)
		return err
	})
	if notFound(err) {
		return Logon{}, errLogonFailed()
	} else if err != nil {
		return Logon{}, errs.Wrap(err)
	}
	arn := authz.UserARN(acct.ID, user.Name)
	now := s.clock()
	fail := func(err error) (Logon, error) {
		s.auditLogon(ctx, in.RequestID, arn, arn, in.SourceIP, errs.CodeOf(err))
		return Logon{}, err
	}
	profile, err := s.loginProfile(ctx, in.UserID)
	if err != nil {
		return Logon{}, err
	} else if profile.LockedUntil.After(now) {
		return fail(errLogonLocked(profile.LockedUntil))
	}
	seed, err := s.box.OpenSecret(device.SeedCiphertext, device.SerialNumber)
	if err != nil {
		return Logon{}, errs.Wrap(wrapf(err, "decrypt the seed of MFA device %s", device.SerialNumber))
	}
	step, err := matchingStep(seed, now, strings.TrimSpace(in.Code))
	if err != nil {
		return Logon{}, errs.Wrap(err)
	}
	if step == 0 {
		return fail(s.mfaFailure(ctx, in.UserID, acct.PasswordPolicy.MaxLoginAttempts, now))
	}
	if err := s.notLocked(ctx, in.UserID, now); err != nil {
		return fail(err)
	}
	if err := s.store.UseMFATimeStep(ctx, device.SerialNumber, step); errors.Is(err, store.ErrExists) {
		return fail(s.mfaFailure(ctx, in.UserID, acct.PasswordPolicy.MaxLoginAttempts, now))
	} else if err != nil {
		return Logon{}, errs.Wrap(wrapf(err, "record the MFA time step of %s", device.SerialNumber))
	}
	l := Logon{
		Caller:                authz.Caller{Type: authz.User, AccountID: acct.ID, ID: user.ID, Name: user.Name, ARN: arn, MFA: true},
		PasswordResetRequired: profile.PasswordResetRequired || passwordExpired(acct.PasswordPolicy, profile, now),
		SessionDuration:       sessionDuration(acct.SecurityPreference),
	}
	return l, s.completeLogon(ctx, in.RequestID, in.UserID, arn, in.SourceIP)
}

// ConsoleCaller is the caller a console session acts as: the root when userID is "", otherwise
// the RAM user, under its current name. A user deleted, or whose login profile was deleted,
// since signing in has no caller any more (InvalidLogon): the session must end.
func (s *Service) ConsoleCaller(ctx context.Context, userID string, mfa bool) (authz.Caller, error) {
	account := s.accountID()
	if userID == "" {
		c := authz.RootCaller(account)
		c.MFA = mfa
		return c, nil
	}
	var u store.User
	err := s.store.View(ctx, func(r store.Reader) (err error) {
		if u, err = r.GetUser(ctx, userID); err != nil {
			return err
		}
		_, err = r.GetLoginProfile(ctx, userID)
		return err
	})
	if notFound(err) {
		return authz.Caller{}, errLogonFailed()
	} else if err != nil {
		return authz.Caller{}, errs.Wrap(err)
	}
	return authz.Caller{Type: authz.User, AccountID: account, ID: u.ID, Name: u.Name,
		ARN: authz.UserARN(account, u.Name), MFA: mfa}, nil
}

// logonFailure counts a wrong password and returns the error to show: LogonLocked when this
// failure reached MaxLoginAttempts within failureWindow.
func (s *Service) logonFailure(ctx context.Context, userID string, maxAttempts int, now time.Time) error {
	p, err := s.store.RecordLoginFailure(ctx, userID, now, failureWindow, maxAttempts, now.Add(lockDuration))
	if err != nil {
		return errs.Wrap(wrapf(err, "record a failed logon of user %s", userID))
	}
	if p.LockedUntil.After(now) {
		return errLogonLocked(p.LockedUntil)
	}
	return errLogonFailed()
}

// notLocked checks the user's lock again once a password or code has checked out. Guesses
// sent at the same moment all read the lock before any of them fails, so without this second
// look a right guess among many wrong ones would get past MaxLoginAttempts (and, succeeding,
// clear the lock the wrong ones set).
func (s *Service) notLocked(ctx context.Context, userID string, now time.Time) error {
	p, err := s.loginProfile(ctx, userID)
	if err != nil {
		return err
	}
	if p.LockedUntil.After(now) {
		return errLogonLocked(p.LockedUntil)
	}
	return nil
}

// mfaFailure is logonFailure for a wrong MFA code.
func (s *Service) mfaFailure(ctx context.Context, userID string, maxAttempts int, now time.Time) error {
	if err := s.logonFailure(ctx, userID, maxAttempts, now); errs.CodeOf(err) != "InvalidLogon" {
		return err
	}
	return errs.E(errs.Unauthenticated, "CheckAuthenticationCodeFail", "The MFA code is not valid.")
}

// completeLogon records a finished sign-in: the user's last logon date, a cleared failure
// counter, and the audit record.
func (s *Service) completeLogon(ctx context.Context, requestID, userID, arn, sourceIP string) error {
	if err := s.store.RecordLoginSuccess(ctx, userID, s.clock()); err != nil {
		return errs.Wrap(wrapf(err, "record the logon of user %s", userID))
	}
	s.auditLogon(ctx, requestID, arn, arn, sourceIP, operation.ResultSuccess)
	return nil
}

func (s *Service) loginProfile(ctx context.Context, userID string) (store.LoginProfile, error) {
	var p store.LoginProfile
	err := s.store.View(ctx, func(r store.Reader) (err error) {
		p, err = r.GetLoginProfile(ctx, userID)
		return err
	})
	if notFound(err) {
		return p, errLogonFailed()
	} else if err != nil {
		return p, errs.Wrap(err)
	}
	return p, nil
}

// auditLogon records a sign-in attempt. A lost record is not a reason to refuse a sign-in; the
// store's failure is already visible in its own logs and metrics.
func (s *Service) auditLogon(ctx context.Context, requestID, principal, target, sourceIP, result string) {
	s.store.AppendAudit(ctx, store.AuditRecord{Time: s.clock(), RequestID: requestID, PrincipalARN: principal,
		Action: logonAction, Target: target, Result: result, SourceIP: sourceIP})
}

// logonUser reads a logon name: the user name of "<user>@<alias or account ID>[.onaliyun.com]",
// or root for the account ID or alias alone. name is "" when the name fits neither.
func logonUser(logon, account, alias string) (name string, root bool) {
	logon = strings.TrimSpace(logon)
	user, domain, ok := strings.Cut(logon, "@")
	if !ok {
		return "", logon != "" && (logon == account || (alias != "" && strings.EqualFold(logon, alias)))
	}
	domain = strings.TrimSuffix(strings.ToLower(domain), ".onaliyun.com")
	if user == "" || (domain != account && (alias == "" || domain != strings.ToLower(alias))) {
		return "", false
	}
	return user, false
}

// allowedNetwork reports whether ip is inside one of RAM's semicolon-separated CIDR masks; any
// address is when there are none. An unknown address is outside every mask.
func allowedNetwork(masks, ip string) bool {
	if strings.TrimSpace(masks) == "" {
		return true
	}
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	for _, m := range strings.Split(masks, ";") {
		m = strings.TrimSpace(m)
		if p, err := netip.ParsePrefix(m); err == nil && p.Contains(addr) {
			return true
		}
		if a, err := netip.ParseAddr(m); err == nil && a.Unmap() == addr {
			return true
		}
	}
	return false
}

// matchingStep is the time step within mfaSkewSteps of now whose code is code; 0 when none is.
func matchingStep(seed secrets.Secret, now time.Time, code string) (int64, error) {
	if len(code) != 6 {
		return 0, nil
	}
	cur := totpStep(now)
	for step := cur - mfaSkewSteps; step <= cur+mfaSkewSteps; step++ {
		c, err := totpCode(seed, step)
		if err != nil {
			return 0, err
		}
		if subtle.ConstantTimeCompare([]byte(c), []byte(code)) == 1 {
			return step, nil
		}
	}
	return 0, nil
}
