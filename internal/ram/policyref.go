package ram

import (
	"context"
	"errors"
	"strings"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// policyRef is a system policy (from the catalog) or a custom policy (from the store).
type policyRef struct {
	typ    string // store.PolicyTypeSystem or store.PolicyTypeCustom
	system catalog.SystemPolicy
	custom store.Policy
	found  bool
}

// name is the policy's name as RAM spells it.
func (p policyRef) name() string {
	if p.typ == store.PolicyTypeSystem {
		return p.system.Name
	}
	return p.custom.Name
}

// view is the policy as RAM's responses show it, without AttachmentCount.
func (p policyRef) view() Policy {
	if p.typ == store.PolicyTypeSystem {
		return systemPolicyView(p.system)
	}
	return customPolicyView(p.custom)
}

func systemPolicyView(sp catalog.SystemPolicy) Policy {
	return Policy{Name: sp.Name, Type: store.PolicyTypeSystem, Description: sp.Description, DefaultVersion: sp.DefaultVersion,
		CreateDate: sp.CreateDate, UpdateDate: sp.UpdateDate}
}

func customPolicyView(p store.Policy) Policy {
	return Policy{Name: p.Name, Type: store.PolicyTypeCustom, Description: p.Description, DefaultVersion: p.DefaultVersion,
		CreateDate: p.CreateDate, UpdateDate: p.UpdateDate}
}

// findPolicy reads a policy of type typ and returns it with the ARN to authorize (see find.go).
// System policy names match exactly, as in RAM; custom policy names ignoring case, like every
// other name the store holds.
func (s *Service) findPolicy(ctx context.Context, r store.Reader, typ, name string) (policyRef, string, error) {
	if typ == store.PolicyTypeSystem {
		sp, ok := s.catalog.SystemPolicy(name)
		return policyRef{typ: typ, system: sp, found: ok}, systemPolicyARN(name), nil
	}
	account := s.accountID()
	p, err := r.GetPolicy(ctx, name)
	switch {
	case err == nil:
		return policyRef{typ: typ, custom: p, found: true}, customPolicyARN(account, p.Name), nil
	case notFound(err):
		return policyRef{typ: typ}, customPolicyARN(account, name), nil
	}
	return policyRef{}, "", wrapf(err, "read policy %q", name)
}

// policy finds a policy and authorizes the call on it; EntityNotExist.Policy after the
// authorization when there is none.
func (k *call) policy(ctx context.Context, r store.Reader, typ, name string) (policyRef, error) {
	p, arn, err := k.s.findPolicy(ctx, r, typ, name)
	if err != nil {
		return policyRef{}, err
	}
	if err := k.allow(arn); err != nil {
		return policyRef{}, err
	}
	if !p.found {
		return policyRef{}, errNoPolicy()
	}
	return p, nil
}

// checkPolicyName checks a PolicyName parameter.
func (s *Service) checkPolicyName(name string) error {
	return checkName("PolicyName", name, s.limits.PolicyNameLength, policyNameChar)
}

// checkPolicyType checks a PolicyType parameter: System or Custom, exactly.
func checkPolicyType(typ string) error {
	switch typ {
	case store.PolicyTypeSystem, store.PolicyTypeCustom:
		return nil
	case "":
		return missing("PolicyType")
	}
	return errs.E(errs.Invalid, "InvalidParameter.PolicyType", "The parameter - %q is invalid: it must be System or Custom.", "PolicyType")
}

// checkDocument parses a policy document of kind (identity policies, trust policies) within the
// length limit: InvalidParameter.<param>.Length when it is too long, MalformedPolicyDocument
// with every problem the parser found (line:column: pointer: message, one per line) otherwise.
func (s *Service) checkDocument(param, doc string, kind policy.Kind) error {
	if doc == "" {
		return missing(param)
	}
	_, err := policy.Parse([]byte(doc), policy.WithKind(kind), policy.WithMaxLength(s.limits.PolicyDocumentLength))
	if err == nil {
		return nil
	}
	var list policy.ErrorList
	if !errors.As(err, &list) {
		return errs.Wrap(err)
	}
	if len(list) == 1 && list[0].Code == policy.CodeTooLong {
		return tooLong(param)
	}
	lines := make([]string, len(list))
	for i, e := range list {
		lines[i] = e.Error()
	}
	return errs.E(errs.Invalid, "MalformedPolicyDocument", "The policy document is malformed:\n%s", strings.Join(lines, "\n"))
}
