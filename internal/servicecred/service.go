package servicecred

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

// KeyPrefix starts every service credential's AccessKeyId, so that an operator can tell one
// from a RAM user's key (LTAI...) at a glance.
const KeyPrefix = "LTAS"

// MaxPerService is how many credentials one service may hold at once: two, like a RAM user's
// AccessKeys, so that a service can rotate without a gap.
const MaxPerService = 2

// servicePrincipalRE is the form of a service principal: lower-case DNS labels ending in
// .aliyuncs.com, as in trust policies' Service element.
var servicePrincipalRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.aliyuncs\.com$`)

// Options are what a Service is built from; every field is required.
type Options struct {
	Store store.Store
	Box   *secrets.Box // seals the secrets; the server must hold the same master key
	IDs   *secrets.IDGen
	Now   func() time.Time
}

// Service issues, lists, revokes and looks up service credentials. It is safe for concurrent
// use.
type Service struct {
	store store.Store
	box   *secrets.Box
	ids   *secrets.IDGen
	now   func() time.Time
}

// New returns a service.
func New(o Options) (*Service, error) {
	if o.Store == nil || o.Box == nil || o.IDs == nil || o.Now == nil {
		return nil, errors.New("servicecred: New needs a store, box, ID generator and clock")
	}
	return &Service{store: o.Store, box: o.Box, ids: o.IDs, now: o.Now}, nil
}

// Credential describes a service credential, without its secret.
type Credential struct {
	AccessKeyID string
	ServiceName string
	CreateDate  time.Time
}

// Issued is a credential just created, with the secret it will never show again.
type Issued struct {
	Credential
	AccessKeySecret secrets.Secret
}

// Create issues a credential for a service principal. operator names who issued it in the
// audit trail. InvalidParameter.ServiceName for a name that is not a service principal,
// LimitExceeded.ServiceCredential when the service already holds MaxPerService.
func (s *Service) Create(ctx context.Context, serviceName, operator string) (Issued, error) {
	if !servicePrincipalRE.MatchString(serviceName) || len(serviceName) > 128 {
		return Issued{}, errs.E(errs.Invalid, "InvalidParameter.ServiceName",
			"%q is not a service principal: lower-case DNS labels ending in .aliyuncs.com, such as eas.pai.aliyuncs.com.", serviceName)
	}
	id := KeyPrefix + strings.TrimPrefix(s.ids.AccessKeyID(), secrets.AccessKeyIDPrefix)
	secret := s.ids.AccessKeySecret()
	c := store.ServiceCredential{AccessKeyID: id, ServiceName: serviceName, SecretCiphertext: s.box.SealSecret(secret, owner(id)),
		CreateDate: s.clock()}
	_, err := s.store.Update(ctx, func(tx store.Tx) error {
		n, err := tx.CountServiceCredentials(ctx, serviceName)
		if err != nil {
			return err
		}
		if n >= MaxPerService {
			return errs.E(errs.LimitExceeded, "LimitExceeded.ServiceCredential",
				"%s already holds %d credentials; delete one before issuing another.", serviceName, MaxPerService)
		}
		if err := tx.CreateServiceCredential(ctx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, operator, "rampart:CreateServiceCredential", c)
	})
	if err != nil {
		return Issued{}, domainError(err)
	}
	return Issued{Credential: view(c), AccessKeySecret: secret}, nil
}

// List lists the credentials of one service ("": of every service).
func (s *Service) List(ctx context.Context, serviceName string) ([]Credential, error) {
	var out []Credential
	err := s.store.View(ctx, func(r store.Reader) error {
		cs, err := r.ListServiceCredentials(ctx, serviceName)
		for _, c := range cs {
			out = append(out, view(c))
		}
		return err
	})
	if err != nil {
		return nil, errs.Wrap(err)
	}
	return out, nil
}

// Delete revokes a credential. EntityNotExist.ServiceCredential for an unknown one.
func (s *Service) Delete(ctx context.Context, accessKeyID, operator string) error {
	_, err := s.store.Update(ctx, func(tx store.Tx) error {
		c, err := tx.GetServiceCredential(ctx, accessKeyID)
		if errors.Is(err, store.ErrNotFound) {
			return errNoCredential()
		} else if err != nil {
			return err
		}
		if err := tx.DeleteServiceCredential(ctx, accessKeyID); err != nil {
			return err
		}
		return s.audit(ctx, tx, operator, "rampart:DeleteServiceCredential", c)
	})
	return domainError(err)
}

// ForAuth returns the caller a service credential authenticates as, and its secret, for
// signature verification: a Service caller named by the service principal, in the store's
// account. EntityNotExist.ServiceCredential (kind NotFound) for an unknown key. It authorizes
// nothing: the caller is not known until the signature is checked.
func (s *Service) ForAuth(ctx context.Context, accessKeyID string) (authz.Caller, secrets.Secret, error) {
	var c store.ServiceCredential
	var a store.Account
	err := s.store.View(ctx, func(r store.Reader) (err error) {
		if c, err = r.GetServiceCredential(ctx, accessKeyID); err != nil {
			return err
		}
		a, err = r.GetAccount(ctx)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return authz.Caller{}, "", errNoCredential()
	} else if err != nil {
		return authz.Caller{}, "", errs.Wrap(err)
	}
	secret, err := s.box.OpenSecret(c.SecretCiphertext, owner(c.AccessKeyID))
	if err != nil {
		return authz.Caller{}, "", errs.Wrap(fmt.Errorf("decrypt the secret of service credential %s: %w", c.AccessKeyID, err))
	}
	return authz.Caller{Type: authz.Service, AccountID: a.ID, Name: c.ServiceName, ARN: c.ServiceName, AccessKeyID: c.AccessKeyID}, secret, nil
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Second) }

// audit records an operator's change in the same transaction.
func (s *Service) audit(ctx context.Context, tx store.Tx, operator, action string, c store.ServiceCredential) error {
	detail, _ := json.Marshal(struct{ AccessKeyId string }{c.AccessKeyID})
	_, err := tx.AppendAudit(ctx, store.AuditRecord{Time: s.clock(), PrincipalARN: operator, Action: action,
		Target: c.ServiceName, Result: "Success", Detail: string(detail)})
	return err
}

// owner binds a sealed secret to its key and to this use, so a ciphertext cannot be moved to
// another row or table and still open.
func owner(accessKeyID string) string { return "service-credential/" + accessKeyID }

func view(c store.ServiceCredential) Credential {
	return Credential{AccessKeyID: c.AccessKeyID, ServiceName: c.ServiceName, CreateDate: c.CreateDate}
}

func errNoCredential() error {
	return errs.E(errs.NotFound, "EntityNotExist.ServiceCredential", "The service credential does not exist.")
}

// domainError passes the domain's errors through and wraps the rest as internal.
func domainError(err error) error {
	if err == nil {
		return nil
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return err
	}
	return errs.Wrap(err)
}
