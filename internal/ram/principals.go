package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/store"
)

// principalKind is what attachments need to know about users, groups and roles: how to name
// and find them, and RAM's error codes for each.
type principalKind struct {
	typ       string // store.PrincipalUser, ...
	noun      string // "user", ...
	param     string // "UserName", ...
	nameChar  func(rune) bool
	maxLength func(Limits) int
	// find returns the principal's ID ("" when missing) and the ARN to authorize.
	find     func(ctx context.Context, r store.Reader, account, name string) (id, arn string, err error)
	notExist func() error
	// RAM's codes for attaching twice, detaching what is not attached, and the quota.
	attached, notAttached, limit string
}

var (
	userKind = principalKind{
		typ: store.PrincipalUser, noun: "user", param: "UserName", nameChar: userNameChar,
		maxLength: func(l Limits) int { return l.UserNameLength },
		find: func(ctx context.Context, r store.Reader, account, name string) (string, string, error) {
			u, arn, err := findUser(ctx, r, account, name)
			return u.ID, arn, err
		},
		notExist: errNoUser,
		attached: "EntityAlreadyExists.User.Policy", notAttached: "EntityNotExist.User.Policy", limit: "LimitExceeded.User.Policy",
	}
	groupKind = principalKind{
		typ: store.PrincipalGroup, noun: "group", param: "GroupName", nameChar: userNameChar,
		maxLength: func(l Limits) int { return l.GroupNameLength },
		find: func(ctx context.Context, r store.Reader, account, name string) (string, string, error) {
			g, arn, err := findGroup(ctx, r, account, name)
			return g.ID, arn, err
		},
		notExist: errNoGroup,
		attached: "EntityAlreadyExists.Group.Policy", notAttached: "EntityNotExist.Group.Policy", limit: "LimitExceeded.Group.Policy",
	}
	roleKind = principalKind{
		typ: store.PrincipalRole, noun: "role", param: "RoleName", nameChar: roleNameChar,
		maxLength: func(l Limits) int { return l.RoleNameLength },
		find: func(ctx context.Context, r store.Reader, account, name string) (string, string, error) {
			ro, arn, err := findRole(ctx, r, account, name)
			return ro.ID, arn, err
		},
		notExist: errNoRole,
		attached: "EntityAlreadyExists.Role.Policy", notAttached: "EntityNotExist.Role.Policy", limit: "LimitExceeded.Role.Policy",
	}
)

func (s *Service) checkPrincipalName(kind principalKind, name string) error {
	return checkName(kind.param, name, kind.maxLength(s.limits), kind.nameChar)
}
