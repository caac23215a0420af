package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/operation"
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
	create := s.begin(c, "ram:CreateUser", in.RequestID)
	create.Target = arn
	calls := []*call{create}
	var profile, key *call
	if console {
		profile = s.begin(c, "ram:CreateLoginProfile", in.RequestID)
		calls = append(calls, profile)
	}
	if in.AccessKey {
		key = s.begin(c, "ram:CreateAccessKey", in.RequestID)
		calls = append(calls, key)
	}
	// allow authorizes every call, and makes k the one whose record the runner writes: the
	// call denied, or else the last (the others are recorded in the same transaction).
	k := &call{s: s, Op: create.Op}
	allow := func() error {
		for _, sub := range calls {
			resource := arn
			if sub == create {
				resource = userARN(account, "*")
			}
			if err := sub.allow(resource); err != nil {
				k.Op = sub.Op
				return err
			}
		}
		k.Op = calls[len(calls)-1].Op
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
	var secret secrets.Secret
	var ak store.AccessKey
	if in.AccessKey {
		var id string
		id, secret = s.ids.AccessKeyID(), s.ids.AccessKeySecret()
		ak = store.AccessKey{ID: id, UserID: u.ID, SecretCiphertext: s.box.SealSecret(secret, id), Status: store.AccessKeyActive, CreateDate: now}
		key.Detail = `{"AccessKeyId":"` + id + `"}`
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
			if s.limits.AccessKeysPerUser < 1 {
				return limitExceeded("LimitExceeded.User.AccessKey", "AccessKeys of a user", s.limits.AccessKeysPerUser)
			}
			if err := tx.CreateAccessKey(ctx, ak); err != nil {
				return err
			}
			v := accessKeyView(ak)
			v.Secret = secret
			out.AccessKey = &v
		}
		for _, sub := range calls[:len(calls)-1] {
			if _, err := tx.AppendAudit(ctx, sub.Record(now, operation.ResultSuccess, sub.Target)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return NewUser{}, err
	}
	return out, nil
}
