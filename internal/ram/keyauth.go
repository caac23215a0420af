package ram

import (
	"context"
	"errors"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// AccessKeyAuth is what signature verification needs about an AccessKey: its secret, whether it
// may sign, and the identity a request it signs is made as.
type AccessKeyAuth struct {
	AccessKeyID string
	Secret      secrets.Secret
	Status      string // "Active" or "Inactive"; an inactive key must not authenticate
	// Caller is the root or the RAM user owning the key, with AccessKeyID set and an empty
	// Context for the authentication layer to fill.
	Caller authz.Caller
}

// Active reports whether the key may sign requests.
func (a AccessKeyAuth) Active() bool { return a.Status == store.AccessKeyActive }

// AccessKeyForAuth looks up an AccessKey for signature verification. It is not an API operation
// and authorizes nothing: the caller is not known until the signature is checked. An unknown
// key is errs.Unauthenticated with code InvalidAccessKeyId.NotFound.
//
// Lookups are served from memory while nothing changes (see readcache.go), so a burst of signed
// requests costs one store read per key.
func (s *Service) AccessKeyForAuth(ctx context.Context, id string) (AccessKeyAuth, error) {
	out, err := cachedRead(ctx, s, &s.keys, id, func(r store.Reader) (AccessKeyAuth, error) {
		key, err := r.GetAccessKey(ctx, id)
		if notFound(err) {
			return AccessKeyAuth{}, errs.E(errs.Unauthenticated, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
		} else if err != nil {
			return AccessKeyAuth{}, wrapf(err, "read AccessKey %s", id)
		}
		secret, err := s.box.OpenSecret(key.SecretCiphertext, key.ID)
		if err != nil {
			return AccessKeyAuth{}, wrapf(err, "decrypt the secret of AccessKey %s", key.ID)
		}
		account := s.accountID()
		out := AccessKeyAuth{AccessKeyID: key.ID, Secret: secret, Status: key.Status, Caller: authz.RootCaller(account)}
		if key.UserID != "" {
			u, err := r.GetUser(ctx, key.UserID)
			if err != nil {
				return AccessKeyAuth{}, wrapf(err, "read the owner of AccessKey %s", key.ID)
			}
			out.Caller = authz.Caller{Type: authz.User, AccountID: account, ID: u.ID, Name: u.Name, ARN: authz.UserARN(account, u.Name)}
		}
		out.Caller.AccessKeyID = key.ID
		return out, nil
	})
	if err != nil {
		var e *errs.Error
		if errors.As(err, &e) {
			return AccessKeyAuth{}, err
		}
		return AccessKeyAuth{}, errs.Wrap(err)
	}
	return out, nil
}

// lastUsedResolution is how stale an AccessKey's last-used date may be. Writing it on every
// signed request would put a durable write on the path of every read; RAM itself shows the
// date with a delay.
const lastUsedResolution = time.Minute

// TouchAccessKey records that an AccessKey signed a request now. It writes at most once per key
// per lastUsedResolution in this process; calls in between return at once. Call it after the
// signature verified; it may run in its own goroutine.
func (s *Service) TouchAccessKey(ctx context.Context, id string) error {
	now := s.clock()
	s.touchMu.Lock()
	last, seen := s.touched[id]
	if seen && now.Sub(last) < lastUsedResolution && !now.Before(last) {
		s.touchMu.Unlock()
		return nil
	}
	s.touched[id] = now
	s.touchMu.Unlock()
	if err := s.store.TouchAccessKey(ctx, id, now); err != nil {
		s.forgetTouch(id) // let the next request try again
		if notFound(err) {
			return errs.E(errs.Unauthenticated, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
		}
		return errs.Wrap(err)
	}
	return nil
}

// forgetTouch drops what TouchAccessKey remembers about a key (deleted, or a failed write).
func (s *Service) forgetTouch(id string) {
	s.touchMu.Lock()
	delete(s.touched, id)
	s.touchMu.Unlock()
}
