package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/store"
)

// The find functions read an entity by name and return it with the ARN to authorize: built from
// the stored name when the entity exists (names are unique regardless of case, ARNs match with
// case), from the requested name when it does not (so an unauthorized caller learns
// NoPermission, not whether the entity exists). A missing entity is returned with ID "" and no
// error; only a failing store is an error.

// userGetter is the part of store.Reader findUser needs; cachedUsers has it too.
type userGetter interface {
	GetUserByName(ctx context.Context, name string) (store.User, error)
}

func findUser(ctx context.Context, r userGetter, account, name string) (store.User, string, error) {
	u, err := r.GetUserByName(ctx, name)
	switch {
	case err == nil:
		return u, userARN(account, u.Name), nil
	case notFound(err):
		return store.User{}, userARN(account, name), nil
	}
	return store.User{}, "", wrapf(err, "read user %q", name)
}

func findGroup(ctx context.Context, r store.Reader, account, name string) (store.Group, string, error) {
	g, err := r.GetGroupByName(ctx, name)
	switch {
	case err == nil:
		return g, groupARN(account, g.Name), nil
	case notFound(err):
		return store.Group{}, groupARN(account, name), nil
	}
	return store.Group{}, "", wrapf(err, "read group %q", name)
}

func findRole(ctx context.Context, r store.Reader, account, name string) (store.Role, string, error) {
	ro, err := r.GetRoleByName(ctx, name)
	switch {
	case err == nil:
		return ro, roleARN(account, ro.Name), nil
	case notFound(err):
		return store.Role{}, roleARN(account, name), nil
	}
	return store.Role{}, "", wrapf(err, "read role %q", name)
}

// user finds a user and authorizes the call on it: the usual first step of an operation on one
// user. EntityNotExist.User comes after the authorization.
func (k *call) user(ctx context.Context, r userGetter, name string) (store.User, error) {
	u, arn, err := findUser(ctx, r, k.s.accountID(), name)
	if err != nil {
		return store.User{}, err
	}
	if err := k.allow(arn); err != nil {
		return store.User{}, err
	}
	if u.ID == "" {
		return store.User{}, errNoUser()
	}
	return u, nil
}

// group is user for a group.
func (k *call) group(ctx context.Context, r store.Reader, name string) (store.Group, error) {
	g, arn, err := findGroup(ctx, r, k.s.accountID(), name)
	if err != nil {
		return store.Group{}, err
	}
	if err := k.allow(arn); err != nil {
		return store.Group{}, err
	}
	if g.ID == "" {
		return store.Group{}, errNoGroup()
	}
	return g, nil
}

// role is user for a role.
func (k *call) role(ctx context.Context, r store.Reader, name string) (store.Role, error) {
	ro, arn, err := findRole(ctx, r, k.s.accountID(), name)
	if err != nil {
		return store.Role{}, err
	}
	if err := k.allow(arn); err != nil {
		return store.Role{}, err
	}
	if ro.ID == "" {
		return store.Role{}, errNoRole()
	}
	return ro, nil
}
