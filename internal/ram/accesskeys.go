package ram

import (
	"context"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// AccessKeyInput names one AccessKey of a user (DeleteAccessKey, GetAccessKeyLastUsed). UserName
// "" means the caller's own key.
type AccessKeyInput struct {
	RequestID       string
	UserName        string
	UserAccessKeyID string
}

// UpdateAccessKeyInput holds UpdateAccessKey's parameters.
type UpdateAccessKeyInput struct {
	RequestID       string
	UserName        string
	UserAccessKeyID string
	Status          string // "Active" or "Inactive"
}

func accessKeyView(k store.AccessKey) AccessKey {
	return AccessKey{ID: k.ID, Status: k.Status, CreateDate: k.CreateDate}
}

func (s *Service) checkKeyOwner(name string) error {
	return checkOptionalName("UserName", name, s.limits.UserNameLength, userNameChar)
}

// CreateAccessKey creates an AccessKey pair for a user, or for the caller when UserName is ""
// (a RAM user for itself, the root for itself), on ram:CreateAccessKey for the user. Users
// create their own keys without a policy when AllowUserToManageAccessKeys is on. At most
// Limits.AccessKeysPerUser keys per user and for the root (LimitExceeded.User.AccessKey). The
// secret is in the result only: it is stored encrypted and never shown again.
func (s *Service) CreateAccessKey(ctx context.Context, c *authz.Caller, in UserInput) (AccessKey, error) {
	if err := s.checkKeyOwner(in.UserName); err != nil {
		return AccessKey{}, err
	}
	nk := s.newAccessKey()
	k := s.begin(c, "ram:CreateAccessKey", in.RequestID)
	var out AccessKey
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		sub, err := k.subject(ctx, tx, in.UserName, true)
		if err != nil {
			return err
		}
		if err := k.allowSubject(ctx, tx, sub, manageAccessKeys); err != nil {
			return err
		}
		k.Detail = nk.detail()
		out, err = s.createAccessKey(ctx, tx, nk, sub.user.ID, s.clock())
		return err
	})
	if err != nil {
		return AccessKey{}, err
	}
	return out, nil
}

// newAccessKey is an AccessKey pair about to be created, drawn outside any transaction.
type newAccessKey struct {
	id     string
	secret secrets.Secret
}

func (s *Service) newAccessKey() newAccessKey {
	return newAccessKey{id: s.ids.AccessKeyID(), secret: s.ids.AccessKeySecret()}
}

// detail is the Detail of the audit record of the key's creation: its ID, never its secret.
func (nk newAccessKey) detail() string { return `{"AccessKeyId":"` + nk.id + `"}` }

// createAccessKey stores nk as an active key of user userID (the root's own when ""), created
// at, within Limits.AccessKeysPerUser (LimitExceeded.User.AccessKey). The result has the
// secret, which is stored encrypted and never shown again.
func (s *Service) createAccessKey(ctx context.Context, tx store.Tx, nk newAccessKey, userID string, at time.Time) (AccessKey, error) {
	n, err := tx.CountAccessKeys(ctx, userID)
	if err != nil {
		return AccessKey{}, wrapf(err, "count AccessKeys")
	}
	if n >= s.limits.AccessKeysPerUser {
		return AccessKey{}, limitExceeded("LimitExceeded.User.AccessKey", "AccessKeys of a user", s.limits.AccessKeysPerUser)
	}
	key := store.AccessKey{ID: nk.id, UserID: userID, SecretCiphertext: s.box.SealSecret(nk.secret, nk.id),
		Status: store.AccessKeyActive, CreateDate: at}
	if err := tx.CreateAccessKey(ctx, key); err != nil {
		return AccessKey{}, err
	}
	out := accessKeyView(key)
	out.Secret = nk.secret
	return out, nil
}

// ownKey finds the subject's AccessKey with this ID, after authorizing the call on the subject;
// EntityNotExist.User.AccessKey when the subject has no such key.
func (k *call) ownKey(ctx context.Context, r store.Reader, userName, keyID string) (store.AccessKey, error) {
	sub, err := k.subject(ctx, r, userName, true)
	if err != nil {
		return store.AccessKey{}, err
	}
	if err := k.allowSubject(ctx, r, sub, manageAccessKeys); err != nil {
		return store.AccessKey{}, err
	}
	key, err := r.GetAccessKey(ctx, keyID)
	switch {
	case notFound(err) || err == nil && key.UserID != sub.user.ID:
		return store.AccessKey{}, errNoAccessKey()
	case err != nil:
		return store.AccessKey{}, wrapf(err, "read AccessKey %s", keyID)
	}
	k.Detail = `{"AccessKeyId":"` + key.ID + `"}`
	return key, nil
}

func checkKeyID(id string) error {
	if id == "" {
		return missing("UserAccessKeyId")
	}
	if len(id) > 128 || !printable(id) {
		return badValue("UserAccessKeyId", "it is not an AccessKey ID")
	}
	return nil
}

// UpdateAccessKey activates or deactivates an AccessKey (ram:UpdateAccessKey on the user; self
// service as CreateAccessKey).
func (s *Service) UpdateAccessKey(ctx context.Context, c *authz.Caller, in UpdateAccessKeyInput) error {
	if err := s.checkKeyOwner(in.UserName); err != nil {
		return err
	}
	if err := checkKeyID(in.UserAccessKeyID); err != nil {
		return err
	}
	switch in.Status {
	case store.AccessKeyActive, store.AccessKeyInactive:
	case "":
		return missing("Status")
	default:
		return badValue("Status", "it must be Active or Inactive")
	}
	k := s.begin(c, "ram:UpdateAccessKey", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		key, err := k.ownKey(ctx, tx, in.UserName, in.UserAccessKeyID)
		if err != nil {
			return err
		}
		key.Status = in.Status
		return tx.UpdateAccessKey(ctx, key)
	})
}

// DeleteAccessKey deletes an AccessKey (ram:DeleteAccessKey on the user; self service as
// CreateAccessKey).
func (s *Service) DeleteAccessKey(ctx context.Context, c *authz.Caller, in AccessKeyInput) error {
	if err := s.checkKeyOwner(in.UserName); err != nil {
		return err
	}
	if err := checkKeyID(in.UserAccessKeyID); err != nil {
		return err
	}
	k := s.begin(c, "ram:DeleteAccessKey", in.RequestID)
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		key, err := k.ownKey(ctx, tx, in.UserName, in.UserAccessKeyID)
		if err != nil {
			return err
		}
		return tx.DeleteAccessKey(ctx, key.ID)
	})
	if err == nil {
		s.forgetTouch(in.UserAccessKeyID)
	}
	return err
}

// ListAccessKeys lists a user's AccessKeys, oldest first, without their secrets
// (ram:ListAccessKeys on the user; self service as CreateAccessKey).
func (s *Service) ListAccessKeys(ctx context.Context, c *authz.Caller, in UserInput) ([]AccessKey, error) {
	if err := s.checkKeyOwner(in.UserName); err != nil {
		return nil, err
	}
	k := s.begin(c, "ram:ListAccessKeys", in.RequestID)
	var out []AccessKey
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		sub, err := k.subject(ctx, r, in.UserName, true)
		if err != nil {
			return err
		}
		if err := k.allowSubject(ctx, r, sub, manageAccessKeys); err != nil {
			return err
		}
		keys, err := r.ListAccessKeys(ctx, sub.user.ID)
		if err != nil {
			return wrapf(err, "list AccessKeys")
		}
		for _, key := range keys {
			out = append(out, accessKeyView(key))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetAccessKeyLastUsed returns when an AccessKey last signed a request; the zero time when never
// (ram:GetAccessKeyLastUsed on the user; self service as CreateAccessKey). The date is kept to
// the minute; see TouchAccessKey.
func (s *Service) GetAccessKeyLastUsed(ctx context.Context, c *authz.Caller, in AccessKeyInput) (time.Time, error) {
	if err := s.checkKeyOwner(in.UserName); err != nil {
		return time.Time{}, err
	}
	if err := checkKeyID(in.UserAccessKeyID); err != nil {
		return time.Time{}, err
	}
	k := s.begin(c, "ram:GetAccessKeyLastUsed", in.RequestID)
	var last time.Time
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		key, err := k.ownKey(ctx, r, in.UserName, in.UserAccessKeyID)
		last = key.LastUsedDate
		return err
	})
	if err != nil {
		return time.Time{}, err
	}
	return last, nil
}
