package ram

import (
	"context"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// Resource Manager's principal types.
const (
	PrincipalIMSUser     = "IMSUser"
	PrincipalIMSGroup    = "IMSGroup"
	PrincipalServiceRole = "ServiceRole"
)

// PolicyAttachmentInput holds Resource Manager's AttachPolicy and DetachPolicy parameters.
// ResourceGroupID is a resource group's ID, or the account ID for account scope. PrincipalName
// is Alibaba's form: alice@<alias or account ID>.onaliyun.com for an IMSUser,
// devs@group.<alias or account ID>.onaliyun.com for an IMSGroup,
// ops@role.<alias or account ID>.onaliyunservice.com for a ServiceRole.
type PolicyAttachmentInput struct {
	RequestID                    string
	ResourceGroupID              string
	PolicyType, PolicyName       string
	PrincipalType, PrincipalName string
}

// ListPolicyAttachmentsInput holds ListPolicyAttachments' filters (each "" for any;
// ResourceGroupID the account ID for account scope only) and paging (PageNumber from 1, 0 meaning
// 1; PageSize 1 to 100, 0 meaning 10).
type ListPolicyAttachmentsInput struct {
	RequestID                    string
	ResourceGroupID              string
	PolicyType, PolicyName       string
	PrincipalType, PrincipalName string
	PageNumber, PageSize         int
}

// principalForms are Resource Manager's principal types with their kinds and the forms of their
// names: <name><infix><domain><suffix>.
var principalForms = map[string]struct {
	kind          principalKind
	infix, suffix string
}{
	PrincipalIMSUser:     {userKind, "@", ".onaliyun.com"},
	PrincipalIMSGroup:    {groupKind, "@group.", ".onaliyun.com"},
	PrincipalServiceRole: {roleKind, "@role.", ".onaliyunservice.com"},
}

// principalTypeOf is the Resource Manager principal type of a store principal type.
func principalTypeOf(storeType string) string {
	for t, f := range principalForms {
		if f.kind.typ == storeType {
			return t
		}
	}
	return ""
}

// principalName is a principal's name in Resource Manager's form.
func principalName(storeType, name, domain string) string {
	f := principalForms[principalTypeOf(storeType)]
	return name + f.infix + domain + f.suffix
}

func checkPrincipalType(t string) error {
	if t == "" {
		return missing("PrincipalType")
	}
	if _, ok := principalForms[t]; !ok {
		return errorf("InvalidParameter.PrincipalType", "The parameter - %q must be IMSUser, IMSGroup or ServiceRole.", "PrincipalType")
	}
	return nil
}

// parsePrincipal takes the entity name out of a principal name of this account: its domain may be
// the alias or the account ID.
func parsePrincipal(principalType, name string, a store.Account) (principalKind, string, error) {
	f := principalForms[principalType]
	bad := errorf("InvalidParameter.PrincipalName", "The parameter - %q is not a %s of this account, such as %s.",
		"PrincipalName", principalType, principalName(f.kind.typ, "name", principalDomain(a)))
	rest, ok := strings.CutSuffix(name, f.suffix)
	if !ok {
		return principalKind{}, "", bad
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return principalKind{}, "", bad
	}
	entity, domain := rest[:at], "@"+rest[at+1:]
	domain, ok = strings.CutPrefix(domain, f.infix)
	if !ok || entity == "" || (domain != a.ID && (a.Alias == "" || domain != a.Alias)) {
		return principalKind{}, "", bad
	}
	return f.kind, entity, nil
}

// scope turns a ResourceGroupId parameter into a store scope: "" for the account ID.
func (s *Service) scope(id string) (string, error) {
	if id == s.accountID() {
		return "", nil
	}
	if err := checkResourceGroupID(id); err != nil {
		return "", err
	}
	return id, nil
}

// AttachPolicy grants a policy to a principal in a resource group or, with the account ID as
// ResourceGroupID, for the whole account (ram:AttachPolicy on the policy and the
// principal, in the resource group's scope). Codes as RAM's Attach*, and
// EntityNotExists.ResourceGroup for an unknown group.
func (s *Service) AttachPolicy(ctx context.Context, c *authz.Caller, in PolicyAttachmentInput) error {
	return s.changeRMGrant(ctx, s.begin(c, "ram:AttachPolicy", in.RequestID), in, s.attach)
}

// DetachPolicy revokes a grant made by AttachPolicy (or by RAM's Attach*, at account scope).
func (s *Service) DetachPolicy(ctx context.Context, c *authz.Caller, in PolicyAttachmentInput) error {
	return s.changeRMGrant(ctx, s.begin(c, "ram:DetachPolicy", in.RequestID), in, s.detach)
}

func (s *Service) changeRMGrant(ctx context.Context, k *call, in PolicyAttachmentInput, change func(context.Context, *call, grant) error) error {
	if in.ResourceGroupID == "" {
		return missing("ResourceGroupId")
	}
	scope, err := s.scope(in.ResourceGroupID)
	if err != nil {
		return err
	}
	if err := checkPrincipalType(in.PrincipalType); err != nil {
		return err
	}
	if in.PrincipalName == "" {
		return missing("PrincipalName")
	}
	var a store.Account
	if err := s.store.View(ctx, func(r store.Reader) (err error) {
		a, err = r.GetAccount(ctx)
		return err
	}); err != nil {
		return s.ops.Failed(ctx, &k.Op, wrapf(err, "read account"))
	}
	kind, name, err := parsePrincipal(in.PrincipalType, in.PrincipalName, a)
	if err != nil {
		return err
	}
	return change(ctx, k, grant{kind: kind, policyType: in.PolicyType, policyName: in.PolicyName, principalName: name, resourceGroupID: scope})
}

// ListPolicyAttachments lists grants at every scope, or at one, filtered by policy and
// principal, one numbered page at a time (ram:ListPolicyAttachments on the
// account). Account-scope grants show the account ID as their ResourceGroupID.
func (s *Service) ListPolicyAttachments(ctx context.Context, c *authz.Caller, in ListPolicyAttachmentsInput) (NumberedPage[PolicyAttachment], error) {
	number, size, err := numberedPage(in.PageNumber, in.PageSize, defaultResourceGroupPage, maxResourceGroupPageSize)
	if err != nil {
		return NumberedPage[PolicyAttachment]{}, err
	}
	f := store.AttachmentFilter{PolicyType: in.PolicyType, PolicyName: in.PolicyName}
	if in.ResourceGroupID != "" {
		scope, err := s.scope(in.ResourceGroupID)
		if err != nil {
			return NumberedPage[PolicyAttachment]{}, err
		}
		f.ResourceGroupID = &scope
	}
	if in.PolicyType != "" {
		if err := checkPolicyType(in.PolicyType); err != nil {
			return NumberedPage[PolicyAttachment]{}, err
		}
	}
	if in.PolicyName != "" {
		if err := s.checkPolicyName(in.PolicyName); err != nil {
			return NumberedPage[PolicyAttachment]{}, err
		}
	}
	if in.PrincipalType != "" {
		if err := checkPrincipalType(in.PrincipalType); err != nil {
			return NumberedPage[PolicyAttachment]{}, err
		}
	}
	k := s.begin(c, "ram:ListPolicyAttachments", in.RequestID)
	out := NumberedPage[PolicyAttachment]{PageNumber: number, PageSize: size}
	err = s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		a, err := k.account(ctx, r)
		if err != nil {
			return err
		}
		if in.PrincipalType != "" {
			f.PrincipalType = principalForms[in.PrincipalType].kind.typ
		}
		if in.PrincipalName != "" {
			if in.PrincipalType == "" {
				return missing("PrincipalType")
			}
			kind, name, err := parsePrincipal(in.PrincipalType, in.PrincipalName, a)
			if err != nil {
				return err
			}
			id, _, err := kind.find(ctx, r, a.ID, name)
			if err != nil {
				return err
			}
			if id == "" {
				return nil // an unknown principal has no grants
			}
			f.PrincipalID = id
		}
		atts, err := r.ListAttachments(ctx, f)
		if err != nil {
			return wrapf(err, "list attachments")
		}
		out.TotalCount = len(atts)
		for _, at := range pageOf(atts, number, size) {
			v, err := s.attachmentView(ctx, r, at, a)
			if err != nil {
				return err
			}
			out.Items = append(out.Items, v)
		}
		return nil
	})
	if err != nil {
		return NumberedPage[PolicyAttachment]{}, err
	}
	return out, nil
}

// attachmentView shows a grant as Resource Manager does.
func (s *Service) attachmentView(ctx context.Context, r store.Reader, at store.Attachment, a store.Account) (PolicyAttachment, error) {
	p, err := s.attachedPolicy(ctx, r, at)
	if err != nil {
		return PolicyAttachment{}, err
	}
	var name string
	switch at.PrincipalType {
	case store.PrincipalUser:
		u, err := r.GetUser(ctx, at.PrincipalID)
		if err != nil {
			return PolicyAttachment{}, wrapf(err, "read user %s", at.PrincipalID)
		}
		name = u.Name
	case store.PrincipalGroup:
		g, err := r.GetGroup(ctx, at.PrincipalID)
		if err != nil {
			return PolicyAttachment{}, wrapf(err, "read group %s", at.PrincipalID)
		}
		name = g.Name
	case store.PrincipalRole:
		ro, err := r.GetRole(ctx, at.PrincipalID)
		if err != nil {
			return PolicyAttachment{}, wrapf(err, "read role %s", at.PrincipalID)
		}
		name = ro.Name
	}
	scope := at.ResourceGroupID
	if scope == "" {
		scope = a.ID
	}
	return PolicyAttachment{ResourceGroupID: scope, PolicyType: p.Type, PolicyName: p.Name, Description: p.Description,
		PrincipalType: principalTypeOf(at.PrincipalType), PrincipalName: principalName(at.PrincipalType, name, principalDomain(a)),
		AttachDate: at.AttachDate}, nil
}
