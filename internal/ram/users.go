package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// CreateUserInput holds CreateUser's parameters. Only UserName is required.
type CreateUserInput struct {
	RequestID                                           string
	UserName, DisplayName, MobilePhone, Email, Comments string
}

// UpdateUserInput holds UpdateUser's parameters. Empty New* fields leave the value as it is
// (the SDK omits empty parameters, so RAM cannot clear a field either).
type UpdateUserInput struct {
	RequestID                                                          string
	UserName                                                           string
	NewUserName, NewDisplayName, NewMobilePhone, NewEmail, NewComments string
}

// checkUserFields validates a user's optional attributes under the parameter names prefix+field
// ("" for CreateUser, "New" for UpdateUser).
func (s *Service) checkUserFields(prefix, displayName, mobile, email, comments string) error {
	if err := checkText(prefix+"DisplayName", displayName, s.limits.DisplayNameLength); err != nil {
		return err
	}
	if err := checkMobile(prefix+"MobilePhone", mobile); err != nil {
		return err
	}
	if err := checkEmail(prefix+"Email", email); err != nil {
		return err
	}
	return checkText(prefix+"Comments", comments, s.limits.CommentsLength)
}

// CreateUser creates a RAM user (ram:CreateUser on user/*).
func (s *Service) CreateUser(ctx context.Context, c *authz.Caller, in CreateUserInput) (User, error) {
	if err := checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar); err != nil {
		return User{}, err
	}
	if err := s.checkUserFields("", in.DisplayName, in.MobilePhone, in.Email, in.Comments); err != nil {
		return User{}, err
	}
	account, now := s.accountID(), s.clock()
	u := store.User{ID: s.ids.EntityID(), Name: in.UserName, DisplayName: in.DisplayName, Email: in.Email,
		MobilePhone: in.MobilePhone, Comments: in.Comments, CreateDate: now, UpdateDate: now}
	k := s.begin(c, "ram:CreateUser", in.RequestID)
	k.Target = userARN(account, u.Name)
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		if err := k.allow(userARN(account, "*")); err != nil {
			return err
		}
		return s.insertUser(ctx, tx, u)
	})
	if err != nil {
		return User{}, err
	}
	return userView(u), nil
}

// insertUser stores a new user unless one of its name exists or the account holds its most.
func (s *Service) insertUser(ctx context.Context, tx store.Tx, u store.User) error {
	if _, err := tx.GetUserByName(ctx, u.Name); !notFound(err) {
		if err != nil {
			return wrapf(err, "read user %q", u.Name)
		}
		return alreadyExists("EntityAlreadyExists.User", "The user does already EXIST.")
	}
	n, err := tx.CountUsers(ctx)
	if err != nil {
		return wrapf(err, "count users")
	}
	if n >= s.limits.Users {
		return limitExceeded("LimitExceeded.User", "users", s.limits.Users)
	}
	return tx.CreateUser(ctx, u)
}

// GetUser returns a user (ram:GetUser on user/<name>).
func (s *Service) GetUser(ctx context.Context, c *authz.Caller, in UserInput) (User, error) {
	if err := checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar); err != nil {
		return User{}, err
	}
	k := s.begin(c, "ram:GetUser", in.RequestID)
	u, err := k.user(ctx, cachedUsers{s}, in.UserName)
	if err != nil {
		return User{}, s.ops.Failed(ctx, &k.Op, err)
	}
	return userView(u), nil
}

// UpdateUser changes a user's name or attributes (ram:UpdateUser on user/<name>).
func (s *Service) UpdateUser(ctx context.Context, c *authz.Caller, in UpdateUserInput) (User, error) {
	if err := checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar); err != nil {
		return User{}, err
	}
	if err := checkOptionalName("NewUserName", in.NewUserName, s.limits.UserNameLength, userNameChar); err != nil {
		return User{}, err
	}
	if err := s.checkUserFields("New", in.NewDisplayName, in.NewMobilePhone, in.NewEmail, in.NewComments); err != nil {
		return User{}, err
	}
	k := s.begin(c, "ram:UpdateUser", in.RequestID)
	var u store.User
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) (err error) {
		if u, err = k.user(ctx, tx, in.UserName); err != nil {
			return err
		}
		if in.NewUserName != "" {
			if other, err := tx.GetUserByName(ctx, in.NewUserName); err == nil && other.ID != u.ID {
				return alreadyExists("EntityAlreadyExists.User", "The user does already EXIST.")
			} else if err != nil && !notFound(err) {
				return wrapf(err, "read user %q", in.NewUserName)
			}
			u.Name = in.NewUserName
		}
		setIf(&u.DisplayName, in.NewDisplayName)
		setIf(&u.MobilePhone, in.NewMobilePhone)
		setIf(&u.Email, in.NewEmail)
		setIf(&u.Comments, in.NewComments)
		u.UpdateDate = s.clock()
		return tx.UpdateUser(ctx, u)
	})
	if err != nil {
		return User{}, err
	}
	return userView(u), nil
}

// setIf replaces *field with v unless v is empty (an omitted parameter).
func setIf(field *string, v string) {
	if v != "" {
		*field = v
	}
}

// DeleteUser deletes a user that no longer has groups, AccessKeys, a login profile, an MFA
// device or policies (ram:DeleteUser on user/<name>); otherwise DeleteConflict.User.*.
func (s *Service) DeleteUser(ctx context.Context, c *authz.Caller, in UserInput) error {
	if err := checkName("UserName", in.UserName, s.limits.UserNameLength, userNameChar); err != nil {
		return err
	}
	k := s.begin(c, "ram:DeleteUser", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		u, err := k.user(ctx, tx, in.UserName)
		if err != nil {
			return err
		}
		if err := userInUse(ctx, tx, u.ID); err != nil {
			return err
		}
		return tx.DeleteUser(ctx, u.ID)
	})
}

// userInUse returns the DeleteConflict.User.* error for the first thing a user still has, in
// RAM's order: groups, AccessKeys, login profile, MFA device, policies.
func userInUse(ctx context.Context, r store.Reader, id string) error {
	if n, err := r.CountGroupsForUser(ctx, id); err != nil || n > 0 {
		return conflictOr(err, "DeleteConflict.User.Group", "The user still belongs to a group.")
	}
	if n, err := r.CountAccessKeys(ctx, id); err != nil || n > 0 {
		return conflictOr(err, "DeleteConflict.User.AccessKey", "The user still has AccessKeys.")
	}
	if _, err := r.GetLoginProfile(ctx, id); !notFound(err) {
		return conflictOr(err, "DeleteConflict.User.LoginProfile", "The user still has a login profile.")
	}
	if _, err := r.GetMFADeviceForUser(ctx, id); !notFound(err) {
		return conflictOr(err, "DeleteConflict.User.MFADevice", "The user still has an MFA device bound.")
	}
	n, err := r.CountAttachments(ctx, store.AttachmentFilter{PrincipalType: store.PrincipalUser, PrincipalID: id})
	if err != nil || n > 0 {
		return conflictOr(err, "DeleteConflict.User.Policy", "The user still has policies attached.")
	}
	return nil
}

// conflictOr returns err when a check could not be made, else the DeleteConflict it found.
func conflictOr(err error, code, message string) error {
	if err != nil {
		return wrapf(err, "check references")
	}
	return deleteConflict(code, message)
}

// ListUsers lists users by name, one page at a time (ram:ListUsers on user/*).
func (s *Service) ListUsers(ctx context.Context, c *authz.Caller, in PageInput) (Page[User], error) {
	limit, err := pageLimit(in.MaxItems, in.Marker)
	if err != nil {
		return Page[User]{}, err
	}
	k := s.begin(c, "ram:ListUsers", in.RequestID)
	if err := k.allow(userARN(s.accountID(), "*")); err != nil {
		return Page[User]{}, s.ops.Failed(ctx, &k.Op, err)
	}
	if filteredByTags(in.Tags) {
		return Page[User]{}, nil
	}
	users, next, err := s.listUsers(ctx, store.Page{Marker: in.Marker, Limit: limit})
	if err != nil {
		return Page[User]{}, s.ops.Failed(ctx, &k.Op, wrapf(err, "list users"))
	}
	out := Page[User]{Marker: next}
	if len(users) > 0 {
		out.Items = make([]User, 0, len(users))
	}
	for _, u := range users {
		out.Items = append(out.Items, userView(u))
	}
	return out, nil
}
