package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// NewUserInput is a user to create with the ways it may reach the account (the console's
// Create User).
type NewUserInput struct {
	CreateUserInput
	// Password, when set, gives the user console access: a login profile with this password.
	Password              secrets.Secret
	PasswordResetRequired bool
	// AccessKey gives the user a permanent AccessKey.
	AccessKey bool
}

// NewUser is a user just created with what came with it.
type NewUser struct {
	User         User
	LoginProfile *LoginProfile // nil without console access
	AccessKey    *AccessKey    // with its secret, shown this once; nil without
}

// CreateUserWithAccess creates a user together with its login profile and AccessKey, all or
// nothing: a password the policy refuses, or a call the caller may not make, leaves no user
// behind. It is authorized and audited as the calls it stands for: ram:CreateUser on user/*,
// ram:CreateLoginProfile and ram:CreateAccessKey on the new user.
func (s *Service) CreateUserWithAccess(ctx context.Context, c *authz.Caller, in NewUserInput) (NewUser, error) {
	if err := checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar); err != nil {
		return NewUser{}, err
	}
	if err := s.checkUserFields("", in.DisplayName, in.MobilePhone, in.Email, in.Comments); err != nil {
		return NewUser{}, err
	}
	console := in.Password != ""
	if console {
		if err := checkPasswordForm("Password", in.Password); err != nil {
			return NewUser{}, err
		}
	}
	account := s.accountID()
	arn := userARN(account, in.UserName)
	// allow authorizes the calls the operation stands for, in order, as k (operation.Op.Then):
	// a denial is audited as the call refused, a success as each of them. The key's Detail is
	// known once its ID is drawn, after the password policy is read.
	k := &call{s: s}
	var keyDetail string
	allow := func() error {
		k.Op = s.begin(c, "ram:CreateUser", in.RequestID).Op
		k.Target = arn
		if err := k.allow(userARN(account, "*")); err != nil {
			return err
		}
		if console {
			k.Then(s.begin(c, "ram:CreateLoginProfile", in.RequestID).Op)
			if err := k.allow(arn); err != nil {
				return err
			}
		}
		if in.AccessKey {
			k.Then(s.begin(c, "ram:CreateAccessKey", in.RequestID).Op)
			k.Detail = keyDetail
			if err := k.allow(arn); err != nil {
				return err
			}
		}
		return nil
	}

	// The password is hashed outside any transaction, as CreateLoginProfile does: hashing is
	// slow on purpose and must not hold the store's write lock.
	var hash string
	if console {
		var pol store.PasswordPolicy
		err := s.ops.Read(ctx, &k.Op, func(r store.Reader) (err error) {
			if err := allow(); err != nil {
				return err
			}
			pol, err = passwordPolicy(ctx, r)
			return err
		})
		if err != nil {
			return NewUser{}, err
		}
		if hash, err = s.hashNewPassword(ctx, pol, in.Password, "", nil); err != nil {
			return NewUser{}, errs.As(err)
		}
	}

	now := s.clock()
	u := store.User{ID: s.ids.EntityID(), Name: in.UserName, DisplayName: in.DisplayName, Email: in.Email,
		MobilePhone: in.MobilePhone, Comments: in.Comments, CreateDate: now, UpdateDate: now}
	var out NewUser
	var nk newAccessKey
	if in.AccessKey {
		nk = s.newAccessKey()
		keyDetail = nk.detail()
	}
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		if err := allow(); err != nil {
			return err
		}
		if err := s.insertUser(ctx, tx, u); err != nil {
			return err
		}
		out = NewUser{User: userView(u)}
		if console {
			// The policy may have changed since the password was checked against it.
			pol, err := passwordPolicy(ctx, tx)
			if err != nil {
				return err
			}
			if err := checkPasswordPolicy(pol, in.Password); err != nil {
				return err
			}
			p := store.LoginProfile{UserID: u.ID, PasswordHash: hash, PasswordResetRequired: in.PasswordResetRequired,
				CreateDate: now, UpdateDate: now, PasswordChangeDate: now}
			if err := tx.CreateLoginProfile(ctx, p); err != nil {
				return err
			}
			lp := loginProfileView(u.Name, p)
			out.LoginProfile = &lp
		}
		if in.AccessKey {
			key, err := s.createAccessKey(ctx, tx, nk, u.ID, now)
			if err != nil {
				return err
			}
			out.AccessKey = &key
		}
		return nil
	})
	if err != nil {
		return NewUser{}, err
	}
	return out, nil
}
