package ram

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// Console passwords: RAM accepts 8 to 32 characters whatever the policy's minimum.
const (
	minPasswordLength = 8
	maxPasswordLength = 32
	// maxPasswordHistory is the longest PasswordReusePrevention RAM allows; profiles keep that
	// many earlier hashes.
	maxPasswordHistory = 24
)

func tooWeak(format string, args ...any) error {
	return errs.E(errs.Invalid, "InvalidParameter.Password.TooWeak", "The password does not meet the password policy: "+format, args...)
}

// checkPasswordForm checks what every console password must be, before any policy: present,
// printable ASCII (a space included), at most 32 characters.
func checkPasswordForm(param string, pw secrets.Secret) error {
	v := pw.Reveal()
	if v == "" {
		return missing(param)
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return invalidChars(param)
		}
	}
	if len(v) > maxPasswordLength {
		return tooLong(param)
	}
	return nil // its length is checked with the policy, which names the minimum that applies
}

// checkPasswordPolicy checks a well-formed password against the account's password policy.
func checkPasswordPolicy(p store.PasswordPolicy, pw secrets.Secret) error {
	v := pw.Reveal()
	if least := max(minPasswordLength, p.MinimumPasswordLength); utf8.RuneCountInString(v) < least {
		return tooWeak("it must have at least %d characters.", least)
	}
	var missingClasses []string
	has := func(ok func(byte) bool) bool {
		return strings.IndexFunc(v, func(r rune) bool { return r < 0x80 && ok(byte(r)) }) >= 0
	}
	if p.RequireLowercaseCharacters && !has(func(b byte) bool { return b >= 'a' && b <= 'z' }) {
		missingClasses = append(missingClasses, "a lower-case letter")
	}
	if p.RequireUppercaseCharacters && !has(func(b byte) bool { return b >= 'A' && b <= 'Z' }) {
		missingClasses = append(missingClasses, "an upper-case letter")
	}
	if p.RequireNumbers && !has(func(b byte) bool { return b >= '0' && b <= '9' }) {
		missingClasses = append(missingClasses, "a digit")
	}
	if p.RequireSymbols && !has(func(b byte) bool { return !isLetterOrDigit(rune(b)) }) {
		missingClasses = append(missingClasses, "a symbol")
	}
	if len(missingClasses) > 0 {
		return tooWeak("it must contain %s.", strings.Join(missingClasses, ", "))
	}
	return nil
}

// hashNewPassword checks a new password against the policy and against the passwords the
// policy forbids reusing (the current one and the latest earlier ones, PasswordReusePrevention
// in all), then hashes it. Hashing is slow on purpose, so callers run it outside any Update.
func (s *Service) hashNewPassword(ctx context.Context, p store.PasswordPolicy, pw secrets.Secret, current string, history []string) (string, error) {
	if err := checkPasswordPolicy(p, pw); err != nil {
		return "", err
	}
	if p.PasswordReusePrevention > 0 && current != "" {
		recent := append([]string{current}, history...)
		recent = recent[:min(len(recent), p.PasswordReusePrevention)]
		for _, h := range recent {
			same, err := s.passwords.Verify(ctx, pw, h)
			if err != nil {
				return "", fmt.Errorf("compare with an earlier password: %w", err)
			}
			if same {
				return "", tooWeak("it is one of the last %d passwords of this user.", p.PasswordReusePrevention)
			}
		}
	}
	return s.passwords.Hash(ctx, pw)
}

// withNewPassword returns the profile with a new password hash: the old hash moves to the
// history, which keeps maxPasswordHistory entries. A new password also clears the failed
// sign-ins and any lock they caused, as RAM's reset of a password clears MaxLoginAttemps' count.
func withNewPassword(p store.LoginProfile, hash string, now time.Time) store.LoginProfile {
	if p.PasswordHash != "" {
		p.PasswordHistory = append([]string{p.PasswordHash}, p.PasswordHistory...)
		p.PasswordHistory = p.PasswordHistory[:min(len(p.PasswordHistory), maxPasswordHistory)]
	}
	p.PasswordHash, p.PasswordChangeDate, p.UpdateDate = hash, now, now
	p.FailedAttempts, p.FailedSince, p.LockedUntil = 0, time.Time{}, time.Time{}
	return p
}
