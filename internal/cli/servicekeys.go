package cli

import (
	"context"
	"strings"

	"github.com/rampart-iam/rampart/internal/authn"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/servicecred"
)

// accessKeys finds a long-term AccessKey among RAM's (the root's and users') and then, for a
// key that looks like one, among the platform services' credentials, which authenticate as
// their service principal.
type accessKeys struct {
	ram      authn.KeySource
	services *servicecred.Service
}

func (k accessKeys) AccessKey(ctx context.Context, id string) (authn.Credential, error) {
	c, err := k.ram.AccessKey(ctx, id)
	if errs.KindOf(err) != errs.NotFound || !strings.HasPrefix(id, servicecred.KeyPrefix) {
		return c, err // only LTAS... keys can be service credentials: other unknown keys cost no read
	}
	caller, secret, serr := k.services.ForAuth(ctx, id)
	if errs.KindOf(serr) == errs.NotFound {
		return authn.Credential{}, err // RAM's answer: no such AccessKey
	} else if serr != nil {
		return authn.Credential{}, serr
	}
	return authn.Credential{Caller: caller, Secret: secret, Active: true}, nil
}
