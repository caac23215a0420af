package ram

import (
	"context"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

// GetUser and ListUsers read through the read cache (readcache.go): a user looked up by name
// and a page of the user list are read from the store once per version.

// cachedUsers finds users by name through the read cache.
type cachedUsers struct{ s *Service }

// GetUserByName is store.Reader's, from the cache when it can be: a missing user is an error
// wrapping store.ErrNotFound.
func (c cachedUsers) GetUserByName(ctx context.Context, name string) (store.User, error) {
	u, err := cachedRead(ctx, c.s, &c.s.users, name, func(r store.Reader) (store.User, error) {
		u, err := r.GetUserByName(ctx, name)
		if notFound(err) {
			return store.User{}, nil // cached as missing
		}
		return u, err
	})
	if err == nil && u.ID == "" {
		err = fmt.Errorf("get user %q: %w", name, store.ErrNotFound)
	}
	return u, err
}

// userPage is one page of the user list as the store returned it. Shared by every request
// served from the cache: read it, never change it.
type userPage struct {
	users []store.User
	next  string
}

// listUsers is store.Reader's ListUsers, from the cache when it can be.
func (s *Service) listUsers(ctx context.Context, p store.Page) ([]store.User, string, error) {
	page, err := cachedRead(ctx, s, &s.userPages, p, func(r store.Reader) (userPage, error) {
		users, next, err := r.ListUsers(ctx, p)
		return userPage{users: users, next: next}, err
	})
	return page.users, page.next, err
}
