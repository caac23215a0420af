package activation

import (
	"context"
	"errors"
	"strings"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/operation"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// The actions of the "Dependent Services" page (the seed's words).
const (
	ActionAuthorize         = "Authorize"
	ActionViewAuthorization = "View Authorization"
)

// ReadAction is what reading the status takes: it tells which roles exist, which is what
// ram:ListRoles tells.
const ReadAction = "ram:ListRoles"

// DependentService is one row of "Activation & Authorization > Dependent Services": a PAI
// module and a cloud service it depends on.
type DependentService struct {
	Module  string // "EAS"
	Service string // "OSS"
	// Authorized: the module can reach the service. For a row a role serves, the role exists as
	// the catalog describes it (a service-linked role of its service, or a role its service and
	// no one else may assume) with its policy attached; for a row no role serves, the service is
	// activated.
	Authorized bool
	// Activated: the dependent service is activated for the account.
	Activated bool
	// RoleName, RoleType ("ServiceLinkedRole" or "ServiceRole"), RoleArn, ServiceName (the trust
	// principal; for a service-linked role the ServiceName of CreateServiceLinkedRole) and
	// RolePolicy describe the role that serves the row; all "" when none does.
	RoleName, RoleType, RoleArn, ServiceName, RolePolicy string
	// ActivationPolicy is the seed's "Policy required for activation", as it writes it
	// ("AliyunBSSOrderAccess, AliyunDataWorksFullAccess"); ActivationPolicies the same as a list.
	ActivationPolicy   string
	ActivationPolicies []string
	// UsageAuthorization is the seed's "RAM account usage authorization"; WorkspaceRole the
	// workspace role it asks for, if any ("PAI.MaxComputeDeveloper"); OperationGuide the seed's
	// "Operation guide" ("" where its cell is empty).
	UsageAuthorization string
	WorkspaceRole      string
	OperationGuide     string
	// Action is what the page offers: "Authorize" when not authorized, "View Authorization"
	// when authorized.
	Action string
}

// DependentServices reports every module × dependent service in the seed's order. The caller
// needs ram:ListRoles on the account's roles.
func (s *Service) DependentServices(ctx context.Context, c *authz.Caller, requestID string) ([]DependentService, error) {
	snap := s.snaps.Current()
	account := snap.AccountID()
	k := &operation.Op{Caller: c, Action: ReadAction, RequestID: requestID, Target: roleResource(account)}
	if err := mayRead(snap, c); err != nil {
		return nil, s.ops.Failed(ctx, k, err)
	}
	var out []DependentService
	err := s.store.View(ctx, func(r store.Reader) error {
		active, err := r.ListActivations(ctx)
		if err != nil {
			return err
		}
		activated := map[string]bool{}
		for _, a := range active {
			activated[a.Service] = true
		}
		for _, m := range s.catalog.Modules() {
			for _, name := range m.DependentServices {
				row, err := s.row(ctx, r, snap, m, name, activated[name])
				if err != nil {
					return err
				}
				out = append(out, row)
			}
		}
		return nil
	})
	if err != nil {
		return nil, errs.Wrap(err)
	}
	return out, nil
}

// dependentService returns one row.
func (s *Service) dependentService(ctx context.Context, m catalog.Module, service string) (DependentService, error) {
	snap := s.snaps.Current()
	var out DependentService
	err := s.store.View(ctx, func(r store.Reader) error {
		_, err := r.GetActivation(ctx, service)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		out, err = s.row(ctx, r, snap, m, service, err == nil)
		return err
	})
	if err != nil {
		return DependentService{}, errs.Wrap(err)
	}
	return out, nil
}

// row works out one module × service row from the store.
func (s *Service) row(ctx context.Context, r store.Reader, snap *authz.Snapshot, m catalog.Module, service string, activated bool) (DependentService, error) {
	d, _ := s.catalog.DependentService(service)
	out := DependentService{Module: m.Name, Service: service, Activated: activated, Authorized: activated,
		ActivationPolicy: strings.Join(d.ActivationPolicies, ", "), ActivationPolicies: d.ActivationPolicies,
		UsageAuthorization: d.UsageAuthorization, WorkspaceRole: d.WorkspaceRole, OperationGuide: d.OperationGuide}
	if roles := m.RolesFor(service); len(roles) == 1 {
		role := roles[0]
		out.RoleName, out.RoleType, out.ServiceName, out.RolePolicy = role.RoleName, string(role.Type), role.Service, role.RolePolicy
		out.RoleArn = authz.RoleARN(snap.AccountID(), role.RoleName)
		if role.Type == catalog.ServiceLinkedRole {
			out.RoleArn = authz.RoleARN(snap.AccountID(), strings.ToLower(role.RoleName))
		}
		ok, err := roleInPlace(ctx, r, snap, role)
		if err != nil {
			return DependentService{}, err
		}
		out.Authorized = ok
	}
	out.Action = ActionAuthorize
	if out.Authorized {
		out.Action = ActionViewAuthorization
	}
	return out, nil
}

// roleInPlace reports whether the role exists as the catalog describes it, with its policy
// attached at account scope.
func roleInPlace(ctx context.Context, r store.Reader, snap *authz.Snapshot, role catalog.ModuleRole) (bool, error) {
	ro, err := r.GetRoleByName(ctx, role.RoleName)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	switch role.Type {
	case catalog.ServiceLinkedRole:
		if ro.ServiceName != role.Service {
			return false, nil
		}
	default:
		service := &authz.Caller{Type: authz.Service, AccountID: snap.AccountID(), Name: role.Service, ARN: role.Service}
		d, err := snap.CanAssumeRole(service, ro.Name, policy.Context{})
		// A role others may assume too is not the module's, however its trust reads for the
		// service: Authorize refuses it (EntityAlreadyExists.Role), so the row must not read as
		// authorized either.
		if ro.ServiceName != "" || err != nil || d.Trust != policy.Allowed || !ram.TrustsOnly(ro.TrustPolicy, role.Service) {
			return false, nil
		}
	}
	account := ""
	n, err := r.CountAttachments(ctx, store.AttachmentFilter{PolicyType: store.PolicyTypeSystem, PolicyName: role.RolePolicy,
		PrincipalType: store.PrincipalRole, PrincipalID: ro.ID, ResourceGroupID: &account})
	return n > 0, err
}

// mayRead lets the root and callers allowed ram:ListRoles read the status.
func mayRead(snap *authz.Snapshot, c *authz.Caller) error {
	resource := roleResource(snap.AccountID())
	d := snap.Decide(c, &authz.Request{Action: ReadAction, Resource: resource, Context: c.Context})
	if d.Allowed() {
		return nil
	}
	return errs.NoPermission("You are not authorized to read the authorization status of PAI's dependent services: it needs ram:ListRoles.",
		c.Denial(ReadAction, resource, d.Outcome))
}

// roleResource is what ram:ListRoles is authorized on (RAM's authorization table form).
func roleResource(account string) string { return "acs:ram:*:" + account + ":role/*" }
