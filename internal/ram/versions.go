package ram

import (
	"context"
	"strconv"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// RotateStrategy values of CreatePolicyVersion.
const (
	RotateNone                   = "None"
	RotateDeleteOldestNonDefault = "DeleteOldestNonDefaultVersionWhenLimitExceeded"
)

// CreatePolicyVersionInput holds CreatePolicyVersion's parameters. RotateStrategy "" means None.
type CreatePolicyVersionInput struct {
	RequestID      string
	PolicyName     string
	PolicyDocument string
	SetAsDefault   bool
	RotateStrategy string
}

// PolicyVersionInput names a version of a system or custom policy (GetPolicyVersion).
type PolicyVersionInput struct {
	RequestID  string
	PolicyType string
	PolicyName string
	VersionID  string // "v1", "v2", ...
}

// CustomPolicyVersionInput names a version of a custom policy (DeletePolicyVersion,
// SetDefaultPolicyVersion).
type CustomPolicyVersionInput struct {
	RequestID  string
	PolicyName string
	VersionID  string
}

func versionView(v store.PolicyVersion, defaultVersion string) PolicyVersion {
	return PolicyVersion{VersionID: v.VersionID, IsDefault: v.VersionID == defaultVersion, Document: v.Document, CreateDate: v.CreateDate}
}

// checkVersionID accepts "v" followed by a positive decimal number without leading zeros.
func checkVersionID(v string) error {
	if v == "" {
		return missing("VersionId")
	}
	n, err := strconv.Atoi(strings.TrimPrefix(v, "v"))
	if !strings.HasPrefix(v, "v") || err != nil || n <= 0 || "v"+strconv.Itoa(n) != v {
		return badFormat("VersionId", "v followed by the version number, such as v1")
	}
	return nil
}

// CreatePolicyVersion adds a version to a custom policy (ram:CreatePolicyVersion on the policy).
// A policy keeps at most Limits.PolicyVersions versions: past that the call fails with
// LimitExceeded.Policy.Version, unless RotateStrategy is
// DeleteOldestNonDefaultVersionWhenLimitExceeded, which deletes the oldest non-default version.
func (s *Service) CreatePolicyVersion(ctx context.Context, c *authz.Caller, in CreatePolicyVersionInput) (PolicyVersion, error) {
	if err := s.checkPolicyName(in.PolicyName); err != nil {
		return PolicyVersion{}, err
	}
	switch in.RotateStrategy {
	case "", RotateNone, RotateDeleteOldestNonDefault:
	default:
		return PolicyVersion{}, badValue("RotateStrategy", "it must be None or "+RotateDeleteOldestNonDefault)
	}
	if err := s.checkDocument("PolicyDocument", in.PolicyDocument, policy.Identity); err != nil {
		return PolicyVersion{}, err
	}
	k := s.begin(c, "ram:CreatePolicyVersion", in.RequestID)
	var out PolicyVersion
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		p, err := k.policy(ctx, tx, store.PolicyTypeCustom, in.PolicyName)
		if err != nil {
			return err
		}
		pol := p.custom
		versions, err := tx.ListPolicyVersions(ctx, pol.Name)
		if err != nil {
			return wrapf(err, "list versions of policy %q", pol.Name)
		}
		if len(versions) >= s.limits.PolicyVersions {
			if in.RotateStrategy != RotateDeleteOldestNonDefault {
				return limitExceeded("LimitExceeded.Policy.Version", "versions of a policy", s.limits.PolicyVersions)
			}
			for _, v := range versions { // oldest first
				if v.VersionID != pol.DefaultVersion {
					if err := tx.DeletePolicyVersion(ctx, pol.Name, v.VersionID); err != nil {
						return err
					}
					break
				}
			}
		}
		now := s.clock()
		v, err := tx.CreatePolicyVersion(ctx, store.PolicyVersion{PolicyName: pol.Name, Document: in.PolicyDocument, CreateDate: now})
		if err != nil {
			return err
		}
		if in.SetAsDefault {
			pol.DefaultVersion = v.VersionID
		}
		pol.UpdateDate = now
		out = versionView(v, pol.DefaultVersion)
		return tx.UpdatePolicy(ctx, pol)
	})
	if err != nil {
		return PolicyVersion{}, err
	}
	return out, nil
}

// GetPolicyVersion returns one version of a policy (ram:GetPolicyVersion on the policy). A
// system policy has only its default version.
func (s *Service) GetPolicyVersion(ctx context.Context, c *authz.Caller, in PolicyVersionInput) (PolicyVersion, error) {
	if err := checkPolicyType(in.PolicyType); err != nil {
		return PolicyVersion{}, err
	}
	if err := s.checkPolicyName(in.PolicyName); err != nil {
		return PolicyVersion{}, err
	}
	if err := checkVersionID(in.VersionID); err != nil {
		return PolicyVersion{}, err
	}
	k := s.begin(c, "ram:GetPolicyVersion", in.RequestID)
	var out PolicyVersion
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		p, err := k.policy(ctx, r, in.PolicyType, in.PolicyName)
		if err != nil {
			return err
		}
		if p.typ == store.PolicyTypeSystem {
			if out, err = s.defaultVersion(ctx, r, p); err == nil && out.VersionID != in.VersionID {
				return errNoPolicyVersion()
			}
			return err
		}
		v, err := r.GetPolicyVersion(ctx, p.custom.Name, in.VersionID)
		if notFound(err) {
			return errNoPolicyVersion()
		} else if err != nil {
			return wrapf(err, "read version %s of policy %q", in.VersionID, p.custom.Name)
		}
		out = versionView(v, p.custom.DefaultVersion)
		return nil
	})
	if err != nil {
		return PolicyVersion{}, err
	}
	return out, nil
}

// ListPolicyVersions lists a policy's versions, oldest first (ram:ListPolicyVersions on the
// policy).
func (s *Service) ListPolicyVersions(ctx context.Context, c *authz.Caller, in PolicyInput) ([]PolicyVersion, error) {
	if err := checkPolicyType(in.PolicyType); err != nil {
		return nil, err
	}
	if err := s.checkPolicyName(in.PolicyName); err != nil {
		return nil, err
	}
	k := s.begin(c, "ram:ListPolicyVersions", in.RequestID)
	var out []PolicyVersion
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		p, err := k.policy(ctx, r, in.PolicyType, in.PolicyName)
		if err != nil {
			return err
		}
		if p.typ == store.PolicyTypeSystem {
			v, err := s.defaultVersion(ctx, r, p)
			out = []PolicyVersion{v}
			return err
		}
		versions, err := r.ListPolicyVersions(ctx, p.custom.Name)
		if err != nil {
			return wrapf(err, "list versions of policy %q", p.custom.Name)
		}
		for _, v := range versions {
			out = append(out, versionView(v, p.custom.DefaultVersion))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeletePolicyVersion deletes a version of a custom policy other than its default
// (ram:DeletePolicyVersion on the policy); the default is DeleteConflict.Policy.Version.Default.
func (s *Service) DeletePolicyVersion(ctx context.Context, c *authz.Caller, in CustomPolicyVersionInput) error {
	if err := s.checkPolicyName(in.PolicyName); err != nil {
		return err
	}
	if err := checkVersionID(in.VersionID); err != nil {
		return err
	}
	k := s.begin(c, "ram:DeletePolicyVersion", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		p, err := k.policy(ctx, tx, store.PolicyTypeCustom, in.PolicyName)
		if err != nil {
			return err
		}
		if err := versionExists(ctx, tx, p.custom.Name, in.VersionID); err != nil {
			return err
		}
		if in.VersionID == p.custom.DefaultVersion {
			return deleteConflict("DeleteConflict.Policy.Version.Default", "The default version of a policy cannot be deleted.")
		}
		if err := tx.DeletePolicyVersion(ctx, p.custom.Name, in.VersionID); err != nil {
			return err
		}
		p.custom.UpdateDate = s.clock()
		return tx.UpdatePolicy(ctx, p.custom)
	})
}

// SetDefaultPolicyVersion makes a version the one that grants (ram:SetDefaultPolicyVersion on
// the policy). The change applies to every principal the policy is attached to at once.
func (s *Service) SetDefaultPolicyVersion(ctx context.Context, c *authz.Caller, in CustomPolicyVersionInput) error {
	if err := s.checkPolicyName(in.PolicyName); err != nil {
		return err
	}
	if err := checkVersionID(in.VersionID); err != nil {
		return err
	}
	k := s.begin(c, "ram:SetDefaultPolicyVersion", in.RequestID)
	return s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		p, err := k.policy(ctx, tx, store.PolicyTypeCustom, in.PolicyName)
		if err != nil {
			return err
		}
		if err := versionExists(ctx, tx, p.custom.Name, in.VersionID); err != nil {
			return err
		}
		p.custom.DefaultVersion, p.custom.UpdateDate = in.VersionID, s.clock()
		return tx.UpdatePolicy(ctx, p.custom)
	})
}

// versionExists returns EntityNotExist.Policy.Version unless the policy has the version.
func versionExists(ctx context.Context, r store.Reader, policyName, versionID string) error {
	_, err := r.GetPolicyVersion(ctx, policyName, versionID)
	switch {
	case notFound(err):
		return errNoPolicyVersion()
	case err != nil:
		return wrapf(err, "read version %s of policy %q", versionID, policyName)
	}
	return nil
}
