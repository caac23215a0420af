package ram

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// CreatePolicyInput holds CreatePolicy's parameters.
type CreatePolicyInput struct {
	RequestID      string
	PolicyName     string
	PolicyDocument string
	Description    string
}

// PolicyInput names a system or custom policy (GetPolicy, ListPolicyVersions, ListEntitiesForPolicy).
type PolicyInput struct {
	RequestID  string
	PolicyType string // "System" or "Custom"
	PolicyName string
}

// DeletePolicyInput names a custom policy to delete.
type DeletePolicyInput struct {
	RequestID  string
	PolicyName string
}

// UpdatePolicyDescriptionInput holds UpdatePolicyDescription's parameters.
type UpdatePolicyDescriptionInput struct {
	RequestID      string
	PolicyName     string
	NewDescription string
}

// ListPoliciesInput holds ListPolicies' parameters. PolicyType "" lists both kinds, system
// policies first; see PageInput for paging and Tags.
type ListPoliciesInput struct {
	RequestID  string
	PolicyType string
	Marker     string
	MaxItems   int
	Tags       []Tag
}

// CreatePolicy creates a custom policy with its first version, v1 (ram:CreatePolicy on
// policy/<name>, as RAM's CreatePolicy authorization table names the policy to be created).
func (s *Service) CreatePolicy(ctx context.Context, c *authz.Caller, in CreatePolicyInput) (Policy, error) {
	if err := s.checkPolicyName(in.PolicyName); err != nil {
		return Policy{}, err
	}
	if err := checkText("Description", in.Description, s.limits.DescriptionLength); err != nil {
		return Policy{}, err
	}
	if err := s.checkDocument("PolicyDocument", in.PolicyDocument, policy.Identity); err != nil {
		return Policy{}, err
	}
	account, now := s.accountID(), s.clock()
	p := store.Policy{Name: in.PolicyName, Description: in.Description, DefaultVersion: "v1", CreateDate: now, UpdateDate: now}
	k := s.begin(c, "ram:CreatePolicy", in.RequestID)
	k.Target = customPolicyARN(account, p.Name)
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		if err := k.allow(customPolicyARN(account, p.Name)); err != nil {
			return err
		}
		if _, err := tx.GetPolicy(ctx, p.Name); !notFound(err) {
			if err != nil {
				return wrapf(err, "read policy %q", p.Name)
			}
			return alreadyExists("EntityAlreadyExists.Policy", "The policy does already EXIST.")
		}
		n, err := tx.CountPolicies(ctx)
		if err != nil {
			return wrapf(err, "count policies")
		}
		if n >= s.limits.CustomPolicies {
			return limitExceeded("LimitExceeded.Policy", "custom policies", s.limits.CustomPolicies)
		}
		if err := tx.CreatePolicy(ctx, p); err != nil {
			return err
		}
		v, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: p.Name, Document: in.PolicyDocument, CreateDate: now})
		if err != nil {
			return err
		}
		if v.VersionID == p.DefaultVersion {
			return nil
		}
		p.DefaultVersion = v.VersionID // a store that numbers versions differently
		return tx.UpdatePolicy(ctx, p)
	})
	if err != nil {
		return Policy{}, err
	}
	return customPolicyView(p), nil
}

// GetPolicy returns a policy with its default version and how many principals it is attached
// to, at any scope (ram:GetPolicy on the policy).
func (s *Service) GetPolicy(ctx context.Context, c *authz.Caller, in PolicyInput) (PolicyDetail, error) {
	if err := checkPolicyType(in.PolicyType); err != nil {
		return PolicyDetail{}, err
	}
	if err := s.checkPolicyName(in.PolicyName); err != nil {
		return PolicyDetail{}, err
	}
	k := s.begin(c, "ram:GetPolicy", in.RequestID)
	var out PolicyDetail
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		p, err := k.policy(ctx, r, in.PolicyType, in.PolicyName)
		if err != nil {
			return err
		}
		out.Policy = p.view()
		n, err := r.CountAttachments(ctx, store.AttachmentFilter{PolicyType: p.typ, PolicyName: p.name()})
		if err != nil {
			return wrapf(err, "count attachments of policy %q", p.name())
		}
		out.Policy.AttachmentCount = n
		out.DefaultPolicyVersion, err = s.defaultVersion(ctx, r, p)
		return err
	})
	if err != nil {
		return PolicyDetail{}, err
	}
	return out, nil
}

// defaultVersion returns a policy's default version. A system policy has only that one, dated
// when the policy was last updated.
func (s *Service) defaultVersion(ctx context.Context, r store.Reader, p policyRef) (PolicyVersion, error) {
	if p.typ == store.PolicyTypeSystem {
		return PolicyVersion{VersionID: p.system.DefaultVersion, IsDefault: true, Document: p.system.Document, CreateDate: p.system.UpdateDate}, nil
	}
	v, err := r.GetPolicyVersion(ctx, p.custom.Name, p.custom.DefaultVersion)
	if err != nil {
		return PolicyVersion{}, wrapf(err, "read default version of policy %q", p.custom.Name)
	}
	return versionView(v, p.custom.DefaultVersion), nil
}

// UpdatePolicyDescription replaces a custom policy's description (ram:UpdatePolicyDescription
// on the policy).
func (s *Service) UpdatePolicyDescription(ctx context.Context, c *authz.Caller, in UpdatePolicyDescriptionInput) (Policy, error) {
	if err := s.checkPolicyName(in.PolicyName); err != nil {
		return Policy{}, err
	}
	if err := checkText("NewDescription", in.NewDescription, s.limits.DescriptionLength); err != nil {
		return Policy{}, err
	}
	k := s.begin(c, "ram:UpdatePolicyDescription", in.RequestID)
	var p policyRef
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) (err error) {
		if p, err = k.policy(ctx, tx, store.PolicyTypeCustom, in.PolicyName); err != nil {
			return err
		}
		p.custom.Description, p.custom.UpdateDate = in.NewDescription, s.clock()
		return tx.UpdatePolicy(ctx, p.custom)
	})
	if err != nil {
		return Policy{}, err
	}
	return p.view(), nil
}

// DeletePolicy deletes a custom policy that is attached to nobody (at any scope) and has no
// version but its default (ram:DeletePolicy on the policy); otherwise DeleteConflict.Policy.*.
func (s *Service) DeletePolicy(ctx context.Context, c *authz.Caller, in DeletePolicyInput) error {
	if err := s.checkPolicyName(in.PolicyName); err != nil {
		return err
	}
	k := s.begin(c, "ram:DeletePolicy", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		p, err := k.policy(ctx, tx, store.PolicyTypeCustom, in.PolicyName)
		if err != nil {
			return err
		}
		name := p.custom.Name
		for _, pt := range []struct{ typ, code, message string }{
			{store.PrincipalUser, "DeleteConflict.Policy.User", "The policy is still attached to a user."},
			{store.PrincipalGroup, "DeleteConflict.Policy.Group", "The policy is still attached to a group."},
			{store.PrincipalRole, "DeleteConflict.Policy.Role", "The policy is still attached to a role."},
		} {
			n, err := tx.CountAttachments(ctx, store.AttachmentFilter{PolicyType: store.PolicyTypeCustom, PolicyName: name, PrincipalType: pt.typ})
			if err != nil || n > 0 {
				return conflictOr(err, pt.code, pt.message)
			}
		}
		if n, err := tx.CountPolicyVersions(ctx, name); err != nil || n > 1 {
			return conflictOr(err, "DeleteConflict.Policy.Version", "The policy still has versions other than the default one.")
		}
		if err := tx.DeletePolicyVersion(ctx, name, p.custom.DefaultVersion); err != nil {
			return err
		}
		return tx.DeletePolicy(ctx, name)
	})
}

// ListPolicies lists policies by name, system policies first, one page at a time, each with its
// AttachmentCount (ram:ListPolicies on policy/*). The Marker it returns is "system/<name>" or
// "custom/<key>".
func (s *Service) ListPolicies(ctx context.Context, c *authz.Caller, in ListPoliciesInput) (Page[Policy], error) {
	if in.PolicyType != "" {
		if err := checkPolicyType(in.PolicyType); err != nil {
			return Page[Policy]{}, err
		}
	}
	limit, err := pageLimit(in.MaxItems, in.Marker)
	if err != nil {
		return Page[Policy]{}, err
	}
	phase, after, ok := strings.Cut(in.Marker, "/")
	if in.Marker == "" {
		phase, ok = markerSystem, true
	}
	if !ok || (phase != markerSystem && phase != markerCustom) {
		return Page[Policy]{}, badValue("Marker", "pass the Marker a previous page returned")
	}
	k := s.begin(c, "ram:ListPolicies", in.RequestID)
	var out Page[Policy]
	err = s.ops.Read(ctx, &k.Op, func(r store.Reader) (err error) {
		if err := k.allow(customPolicyARN(s.accountID(), "*")); err != nil || filteredByTags(in.Tags) {
			return err
		}
		if out, err = s.policyPage(ctx, r, in.PolicyType, phase, after, limit); err != nil {
			return err
		}
		return countAttachments(ctx, r, out.Items)
	})
	if err != nil {
		return Page[Policy]{}, err
	}
	return out, nil
}

// policyPage reads one page of ListPolicies: up to limit policies of type typ ("" for both)
// after the marker's phase and name.
func (s *Service) policyPage(ctx context.Context, r store.Reader, typ, phase, after string, limit int) (Page[Policy], error) {
	var out Page[Policy]
	customAfter := ""
	switch {
	case phase == markerCustom:
		customAfter = after
	case typ != store.PolicyTypeCustom:
		if out = s.systemPolicyPage(after, limit); out.Marker != "" {
			return out, nil
		}
	}
	if typ == store.PolicyTypeSystem {
		return out, nil
	}
	room := limit - len(out.Items)
	if room == 0 {
		// The page is full of system policies; a next page exists if any custom one does.
		n, err := r.CountPolicies(ctx)
		if err != nil {
			return out, wrapf(err, "count policies")
		}
		if n > 0 {
			out.Marker = markerCustom + "/"
		}
		return out, nil
	}
	custom, next, err := r.ListPolicies(ctx, store.Page{Marker: customAfter, Limit: room})
	if err != nil {
		return out, wrapf(err, "list policies")
	}
	for _, p := range custom {
		out.Items = append(out.Items, customPolicyView(p))
	}
	if next != "" {
		out.Marker = markerCustom + "/" + next
	}
	return out, nil
}

// countAttachments fills in each policy's AttachmentCount: the principals it is attached to, at
// any scope, as GetPolicy counts them. The whole page costs one query, however many policies it
// holds.
func countAttachments(ctx context.Context, r store.Reader, ps []Policy) error {
	ids := make([]store.PolicyID, len(ps))
	for i, p := range ps {
		ids[i] = store.PolicyID{Type: p.Type, Name: p.Name}
	}
	counts, err := r.CountAttachmentsByPolicy(ctx, ids)
	if err != nil {
		return wrapf(err, "count attachments of %d policies", len(ps))
	}
	for i := range ps {
		ps[i].AttachmentCount = counts[i]
	}
	return nil
}

// Phases of a ListPolicies marker.
const (
	markerSystem = "system"
	markerCustom = "custom"
)

// systemPolicyPage returns up to limit system policies named after "after", by name; its Marker
// is set when more system policies follow.
func (s *Service) systemPolicyPage(after string, limit int) Page[Policy] {
	all := s.catalog.SystemPolicies()
	slices.SortFunc(all, func(a, b catalog.SystemPolicy) int { return cmp.Compare(a.Name, b.Name) })
	var out Page[Policy]
	for _, sp := range all {
		if sp.Name <= after {
			continue
		}
		if len(out.Items) == limit {
			out.Marker = markerSystem + "/" + out.Items[limit-1].Name
			break
		}
		out.Items = append(out.Items, systemPolicyView(sp))
	}
	return out
}
