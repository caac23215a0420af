package ram

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// ServiceRoleInput describes a service role: an ordinary RAM role that a service principal may
// assume, carrying a system policy. PAI's "Authorize" creates its modules' service roles
// (AliyunPAIDLCDefaultRole, ...) this way.
type ServiceRoleInput struct {
	RequestID   string
	RoleName    string
	ServiceName string // the trust principal, "pai.aliyuncs.com"
	PolicyName  string // a system policy
	Description string
}

// EnsureServiceRole makes sure the role exists, trusts the service and has the policy attached
// at account scope, creating or attaching what is missing in one transaction; it reports
// whether it changed anything. It is authorized as the two calls it stands for: ram:CreateRole
// on the role and ram:AttachPolicyToRole on the policy and the role. An existing role of that name
// that does not trust the service, that anyone but the service may assume, or that is a
// service-linked role, is left alone: EntityAlreadyExists.Role, since rewriting a trust policy
// someone wrote is not for Rampart to do, and attaching the service's policy to a role others
// may assume would hand it to them.
func (s *Service) EnsureServiceRole(ctx context.Context, c *authz.Caller, in ServiceRoleInput) (Role, bool, error) {
	if err := s.checkRoleName(in.RoleName); err != nil {
		return Role{}, false, err
	}
	if err := checkText("Description", in.Description, s.limits.DescriptionLength); err != nil {
		return Role{}, false, err
	}
	if _, ok := s.catalog.SystemPolicy(in.PolicyName); !ok {
		return Role{}, false, errNoPolicy()
	}
	trust := serviceTrustPolicy(in.ServiceName)
	if err := s.checkDocument("AssumeRolePolicyDocument", trust, policy.Trust); err != nil {
		return Role{}, false, err
	}
	account, now := s.accountID(), s.clock()
	k := s.begin(c, "ram:CreateRole", in.RequestID)
	k.Target = roleARN(account, in.RoleName)
	detail, _ := json.Marshal(struct{ ServiceName, PolicyType, PolicyName string }{in.ServiceName, store.PolicyTypeSystem, in.PolicyName})
	k.Detail = string(detail)
	var out Role
	changed := false
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		if err := k.allow(roleARN(account, in.RoleName)); err != nil {
			return err
		}
		attach := s.begin(c, "ram:AttachPolicyToRole", in.RequestID)
		if err := attach.allow(systemPolicyARN(in.PolicyName), roleARN(account, in.RoleName)); err != nil {
			k.Action = attach.Action // the audit record names the action denied
			return err
		}
		a, err := roleDomain(ctx, tx)
		if err != nil {
			return err
		}
		ro, err := tx.GetRoleByName(ctx, in.RoleName)
		switch {
		case notFound(err):
			n, err := tx.CountRoles(ctx)
			if err != nil {
				return wrapf(err, "count roles")
			}
			if n >= s.limits.Roles {
				return limitExceeded("LimitExceeded.Role", "roles", s.limits.Roles)
			}
			ro = store.Role{ID: s.ids.EntityID(), Name: in.RoleName, Description: in.Description, TrustPolicy: trust,
				MaxSessionDuration: defaultSessionDuration, CreateDate: now, UpdateDate: now}
			if err := tx.CreateRole(ctx, ro); err != nil {
				return err
			}
			changed = true
		case err != nil:
			return wrapf(err, "read role %q", in.RoleName)
		case ro.ServiceName != "" || !trusts(ro, in.ServiceName):
			return alreadyExists("EntityAlreadyExists.Role", fmt.Sprintf(
				"The role %s already exists and does not let %s assume it; change its trust policy or delete it, then authorize again.",
				ro.Name, in.ServiceName))
		case !TrustsOnly(ro.TrustPolicy, in.ServiceName):
			return alreadyExists("EntityAlreadyExists.Role", fmt.Sprintf(
				"The role %s already exists and its trust policy lets principals other than %s assume it; make %s its only trusted principal or delete it, then authorize again.",
				ro.Name, in.ServiceName, in.ServiceName))
		default:
			k.Action = "ram:AttachPolicyToRole" // the role is there: only the attachment may be missing
		}
		out = roleView(ro, account, principalDomain(a))
		empty := ""
		n, err := tx.CountAttachments(ctx, store.AttachmentFilter{PolicyType: store.PolicyTypeSystem, PolicyName: in.PolicyName,
			PrincipalType: store.PrincipalRole, PrincipalID: ro.ID, ResourceGroupID: &empty})
		if err != nil {
			return wrapf(err, "count attachments")
		}
		if n > 0 {
			return nil
		}
		changed = true
		return tx.Attach(ctx, store.Attachment{PolicyType: store.PolicyTypeSystem, PolicyName: in.PolicyName,
			PrincipalType: store.PrincipalRole, PrincipalID: ro.ID, AttachDate: now})
	})
	if err != nil {
		return Role{}, false, err
	}
	return out, changed, nil
}

// trusts reports whether the role's trust policy lets the service principal assume it.
func trusts(ro store.Role, service string) bool {
	p, err := policy.Parse([]byte(ro.TrustPolicy), policy.WithKind(policy.Trust), policy.WithMaxLength(0))
	if err != nil {
		return false
	}
	d := policy.NewEvaluator(p).Evaluate(&policy.Request{Action: authz.AssumeRoleAction, Resource: authz.RoleARN("", ro.Name),
		PrincipalType: policy.PrincipalService, Principal: service})
	return d.Outcome == policy.Allowed
}

// TrustsOnly reports whether no Allow statement of a role's trust policy names a principal
// other than the service: no RAM or federated principal, no other service, no wildcard. A
// service role is the service's only then: EnsureServiceRole attaches the service's policy to no
// other role, and PAI's Dependent Services reads no other as authorized.
func TrustsOnly(trustPolicy, service string) bool {
	p, err := policy.Parse([]byte(trustPolicy), policy.WithKind(policy.Trust), policy.WithMaxLength(0))
	if err != nil {
		return false
	}
	for _, st := range p.Statements() {
		if st.Effect != policy.Allow || st.Principal == nil {
			continue
		}
		if len(st.Principal.RAM) > 0 || len(st.Principal.Federated) > 0 {
			return false
		}
		for _, s := range st.Principal.Service {
			if !strings.EqualFold(s, service) {
				return false
			}
		}
	}
	return true
}
