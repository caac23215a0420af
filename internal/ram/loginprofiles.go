package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// CreateLoginProfileInput holds CreateLoginProfile's parameters.
type CreateLoginProfileInput struct {
	RequestID             string
	UserName              string
	Password              secrets.Secret
	PasswordResetRequired bool
	MFABindRequired       bool
}

// UpdateLoginProfileInput holds UpdateLoginProfile's parameters. A zero Password and nil flags
// leave those settings as they are.
type UpdateLoginProfileInput struct {
	RequestID             string
	UserName              string
	Password              secrets.Secret
	PasswordResetRequired *bool
	MFABindRequired       *bool
}

func loginProfileView(userName string, p store.LoginProfile) LoginProfile {
	return LoginProfile{UserName: userName, PasswordResetRequired: p.PasswordResetRequired, MFABindRequired: p.MFABindRequired, CreateDate: p.CreateDate}
}

func errConcurrentPasswordChange() error {
	return errs.E(errs.Conflict, "ConcurrentModification", "The password was changed by another request meanwhile. Retry.")
}

// Setting a password takes two transactions, because hashing is slow on purpose and must not
// hold the store's write lock: a View authorizes the call and gathers what the checks need
// (the password policy, the current hash and history), the password is checked and hashed
// outside any transaction, and the Update authorizes again and writes only if the profile's
// hash is still the one the checks saw (ConcurrentModification otherwise).

// CreateLoginProfile lets a user sign in to the console with a password that meets the
// password policy (ram:CreateLoginProfile on the user).
func (s *Service) CreateLoginProfile(ctx context.Context, c *authz.Caller, in CreateLoginProfileInput) (LoginProfile, error) {
	if err := checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar); err != nil {
		return LoginProfile{}, err
	}
	if err := checkPasswordForm("Password", in.Password); err != nil {
		return LoginProfile{}, err
	}
	k := s.begin(c, "ram:CreateLoginProfile", in.RequestID)
	exists := func(ctx context.Context, r store.Reader, userID string) error {
		if _, err := r.GetLoginProfile(ctx, userID); !notFound(err) {
			if err != nil {
				return wrapf(err, "read login profile of user %s", userID)
			}
			return alreadyExists("EntityAlreadyExists.User.LoginProfile", "The login profile of the user does already EXIST.")
		}
		return nil
	}
	var pol store.PasswordPolicy
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		u, err := k.user(ctx, r, in.UserName)
		if err != nil {
			return err
		}
		if err := exists(ctx, r, u.ID); err != nil {
			return err
		}
		pol, err = passwordPolicy(ctx, r)
		return err
	})
	if err != nil {
		return LoginProfile{}, err
	}
	hash, err := s.hashNewPassword(ctx, pol, in.Password, "", nil)
	if err != nil {
		return LoginProfile{}, errs.As(err)
	}
	var out LoginProfile
	err = s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		u, err := k.user(ctx, tx, in.UserName)
		if err != nil {
			return err
		}
		if err := exists(ctx, tx, u.ID); err != nil {
			return err
		}
		if pol, err = passwordPolicy(ctx, tx); err != nil {
			return err
		}
		if err := checkPasswordPolicy(pol, in.Password); err != nil {
			return err
		}
		now := s.clock()
		p := store.LoginProfile{UserID: u.ID, PasswordHash: hash, PasswordResetRequired: in.PasswordResetRequired,
			MFABindRequired: in.MFABindRequired, CreateDate: now, UpdateDate: now, PasswordChangeDate: now}
		out = loginProfileView(u.Name, p)
		return tx.CreateLoginProfile(ctx, p)
	})
	if err != nil {
		return LoginProfile{}, err
	}
	return out, nil
}

func passwordPolicy(ctx context.Context, r store.Reader) (store.PasswordPolicy, error) {
	a, err := r.GetAccount(ctx)
	if err != nil {
		return store.PasswordPolicy{}, wrapf(err, "read account")
	}
	return a.PasswordPolicy, nil
}

// profile finds a user and its login profile, authorizing the call on the user first.
func (k *call) profile(ctx context.Context, r store.Reader, userName string) (store.User, store.LoginProfile, error) {
	u, err := k.user(ctx, r, userName)
	if err != nil {
		return store.User{}, store.LoginProfile{}, err
	}
	p, err := r.GetLoginProfile(ctx, u.ID)
	if notFound(err) {
		return store.User{}, store.LoginProfile{}, errNoLoginProfile()
	} else if err != nil {
		return store.User{}, store.LoginProfile{}, wrapf(err, "read login profile of user %s", u.ID)
	}
	return u, p, nil
}

// GetLoginProfile returns a user's login profile (ram:GetLoginProfile on the user).
func (s *Service) GetLoginProfile(ctx context.Context, c *authz.Caller, in UserInput) (LoginProfile, error) {
	if err := checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar); err != nil {
		return LoginProfile{}, err
	}
	k := s.begin(c, "ram:GetLoginProfile", in.RequestID)
	var out LoginProfile
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		u, p, err := k.profile(ctx, r, in.UserName)
		out = loginProfileView(u.Name, p)
		return err
	})
	if err != nil {
		return LoginProfile{}, err
	}
	return out, nil
}

// UpdateLoginProfile sets a user's password (checked against the password policy, including
// reuse) or sign-in requirements (ram:UpdateLoginProfile on the user). A new password ends
// every console session of the user, in the same transaction.
func (s *Service) UpdateLoginProfile(ctx context.Context, c *authz.Caller, in UpdateLoginProfileInput) error {
	if err := checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar); err != nil {
		return err
	}
	setPassword := !in.Password.IsZero()
	if setPassword {
		if err := checkPasswordForm("Password", in.Password); err != nil {
			return err
		}
	}
	k := s.begin(c, "ram:UpdateLoginProfile", in.RequestID)
	var seen store.LoginProfile
	var hash string
	if setPassword {
		var pol store.PasswordPolicy
		err := s.ops.Read(ctx, &k.Op, func(r store.Reader) (err error) {
			if _, seen, err = k.profile(ctx, r, in.UserName); err != nil {
				return err
			}
			pol, err = passwordPolicy(ctx, r)
			return err
		})
		if err != nil {
			return err
		}
		if hash, err = s.hashNewPassword(ctx, pol, in.Password, seen.PasswordHash, seen.PasswordHistory); err != nil {
			return errs.As(err)
		}
	}
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		_, p, err := k.profile(ctx, tx, in.UserName)
		if err != nil {
			return err
		}
		now := s.clock()
		if setPassword {
			if p.PasswordHash != seen.PasswordHash {
				return errConcurrentPasswordChange()
			}
			pol, err := passwordPolicy(ctx, tx)
			if err != nil {
				return err
			}
			if err := checkPasswordPolicy(pol, in.Password); err != nil {
				return err
			}
			p = withNewPassword(p, hash, now)
		}
		if in.PasswordResetRequired != nil {
			p.PasswordResetRequired = *in.PasswordResetRequired
		}
		if in.MFABindRequired != nil {
			p.MFABindRequired = *in.MFABindRequired
		}
		p.UpdateDate = now
		if err := tx.UpdateLoginProfile(ctx, p); err != nil {
			return err
		}
		if !setPassword {
			return nil
		}
		// Whoever signed in with the old password is signed out with it.
		return k.endConsoleSessions(ctx, tx, p.UserID, "")
	})
}

// DeleteLoginProfile stops a user from signing in to the console and ends its console
// sessions (ram:DeleteLoginProfile on the user).
func (s *Service) DeleteLoginProfile(ctx context.Context, c *authz.Caller, in UserInput) error {
	if err := checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar); err != nil {
		return err
	}
	k := s.begin(c, "ram:DeleteLoginProfile", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		u, _, err := k.profile(ctx, tx, in.UserName)
		if err != nil {
			return err
		}
		if err := tx.DeleteLoginProfile(ctx, u.ID); err != nil {
			return err
		}
		// A session that outlived its profile would come back to life with a profile made again.
		return k.endConsoleSessions(ctx, tx, u.ID, "")
	})
}
