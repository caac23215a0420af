package activation

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/operation"
	"github.com/rampart-iam/rampart/internal/store"
	"github.com/rampart-iam/rampart/policy"
)

// PAI is the name PAI itself is activated under, beside the dependent services' names.
const PAI = "PAI"

// ActivateAction is the action activations are audited and denied as. It is Rampart's own:
// activation is decided by the policies a caller holds, not by a statement about an action.
const ActivateAction = "rampart:ActivateService"

// ActivateInput names what to activate: "PAI" (or "") or a dependent service ("OSS").
type ActivateInput struct {
	RequestID string
	Service   string
}

// Activation is an activated service.
type Activation struct {
	Service      string
	ActivatedBy  string // the ARN of who activated it
	ActivateDate time.Time
	// Roles, for PAI only: its modules' roles, each put in place by this activation or found
	// in place, or missed with RAM's reason.
	Roles []RoleAuthorization
}

func fromStore(a store.Activation) Activation {
	return Activation{Service: a.Service, ActivatedBy: a.ActivatedBy, ActivateDate: a.ActivateDate}
}

// Activate activates PAI or one of its dependent services, once: activating what is already
// active returns the first activation. The caller must hold the service's activation policies
// (see the package documentation); EntityNotExist.Service for a name that is neither PAI nor a
// dependent service.
//
// Activating PAI also completes the service authorization, as far as the caller may: every
// module role (see RoleAuthorization) that is not in place is created, as Authorize would. So
// activating PAI again, after a refusal has been fixed, completes what was missed; otherwise
// it changes nothing.
func (s *Service) Activate(ctx context.Context, c *authz.Caller, in ActivateInput) (Activation, error) {
	a, err := s.activate(ctx, c, in)
	if err != nil || a.Service != PAI {
		return a, err
	}
	a.Roles, err = s.authorizeRoles(ctx, c, in.RequestID)
	if err != nil {
		return Activation{}, err
	}
	return a, nil
}

// activate records the activation of PAI or a dependent service, once.
func (s *Service) activate(ctx context.Context, c *authz.Caller, in ActivateInput) (Activation, error) {
	service := in.Service
	if service == "" {
		service = PAI
	}
	policies, err := s.activationPolicies(service)
	if err != nil {
		return Activation{}, err
	}
	account := s.snaps.Current().AccountID()
	k := &operation.Op{Caller: c, Action: ActivateAction, RequestID: in.RequestID, Target: serviceARN(account, service)}
	if err := s.mayActivate(c, service, policies); err != nil {
		return Activation{}, s.ops.Failed(ctx, k, err)
	}
	if prev, ok, err := s.activation(ctx, service); err != nil || ok {
		return prev, err
	}
	detail, _ := json.Marshal(struct{ Service string }{service})
	k.Detail = string(detail)
	out := store.Activation{Service: service, ActivatedBy: c.ARN, ActivateDate: s.clock()}
	err = s.ops.Write(ctx, k, func(tx store.Tx) error {
		prev, err := tx.GetActivation(ctx, service)
		switch {
		case err == nil: // activated since we looked
			out = prev
			return nil
		case !errors.Is(err, store.ErrNotFound):
			return err
		}
		return tx.CreateActivation(ctx, out)
	})
	if err != nil {
		return Activation{}, err
	}
	return fromStore(out), nil
}

// activation reads one service's activation, if it is activated.
func (s *Service) activation(ctx context.Context, service string) (Activation, bool, error) {
	var a store.Activation
	err := s.store.View(ctx, func(r store.Reader) (err error) {
		a, err = r.GetActivation(ctx, service)
		return err
	})
	switch {
	case err == nil:
		return fromStore(a), true, nil
	case errors.Is(err, store.ErrNotFound):
		return Activation{}, false, nil
	}
	return Activation{}, false, errs.Wrap(err)
}

// Activations lists what is activated, by name. Anyone in the account may read it: which
// services are on says nothing about who may use them.
func (s *Service) Activations(ctx context.Context, c *authz.Caller) ([]Activation, error) {
	if c == nil || c.AccountID != s.snaps.Current().AccountID() || c.Type == authz.Service {
		return nil, errs.E(errs.Denied, "NoPermission", "You are not authorized to read the account's activations.")
	}
	var out []Activation
	err := s.store.View(ctx, func(r store.Reader) error {
		as, err := r.ListActivations(ctx)
		for _, a := range as {
			out = append(out, fromStore(a))
		}
		return err
	})
	if err != nil {
		return nil, errs.Wrap(err)
	}
	return out, nil
}

// activationPolicies returns the system policies activating service takes.
func (s *Service) activationPolicies(service string) ([]string, error) {
	if service == PAI {
		return s.catalog.PAIActivation().Policies, nil
	}
	if d, ok := s.catalog.DependentService(service); ok {
		return d.ActivationPolicies, nil
	}
	var names []string
	for _, d := range s.catalog.DependentServices() {
		names = append(names, d.Name)
	}
	return nil, errs.E(errs.NotFound, "EntityNotExist.Service",
		"The service %q is neither PAI nor a cloud service PAI depends on (%s).", service, strings.Join(names, ", "))
}

// mayActivate checks that the caller holds every policy activating service takes. A role
// session narrowed by a session policy may not activate: a session policy cannot be read as
// holding or lacking a policy, so the safe answer is no.
func (s *Service) mayActivate(c *authz.Caller, service string, policies []string) error {
	snap := s.snaps.Current()
	if c.Type == authz.RoleSession && c.SessionPolicy != nil {
		return activationDenied(c, snap.AccountID(), service,
			"You are not authorized to activate "+service+": a session narrowed by a session policy cannot activate services.",
			"Activate with a session without a session policy, as a RAM user holding "+and(policies)+", or as the account's root identity.")
	}
	// Holding the policies is what activation asks for, but an explicit Deny still wins, as
	// everywhere: a caller whose policies deny the activation (a Deny of "*" quarantining it,
	// say) may not activate whatever else it holds.
	arn := serviceARN(snap.AccountID(), service)
	if d := snap.Decide(c, &authz.Request{Action: ActivateAction, Resource: arn, Context: c.Context}); d.Outcome == policy.ExplicitDeny {
		return errs.NoPermission("You are not authorized to activate "+service+": a Deny statement in your policies matches "+ActivateAction+".",
			c.Denial(ActivateAction, arn, policy.ExplicitDeny))
	}
	missing := snap.MissingSystemPolicies(c, policies)
	if len(missing) == 0 {
		return nil
	}
	msg := "You are not authorized to activate " + service + ": it needs the system " + plural("policy", "policies", len(policies)) +
		" " + and(policies)
	if !slices.Equal(missing, policies) {
		msg += ", and you do not hold " + and(missing)
	}
	msg += ". Ask an administrator to grant " + plural("it", "them", len(missing)) +
		" (Resource Scope: Account), or activate with the account's root identity."
	recommend := "Grant the system " + plural("policy", "policies", len(missing)) + " " + and(missing) +
		" to the caller (Resource Scope: Account), or activate as the account's root identity."
	return activationDenied(c, snap.AccountID(), service, msg, recommend)
}

func activationDenied(c *authz.Caller, account, service, msg, recommend string) error {
	d := c.Denial(ActivateAction, serviceARN(account, service), policy.ImplicitDeny)
	d.Recommend = recommend
	return errs.NoPermission(msg, d)
}

// serviceARN names an activatable service in audit records and denials.
func serviceARN(account, service string) string {
	return "acs:rampart:*:" + account + ":service/" + service
}

func plural(one, many string, n int) string {
	if n == 1 {
		return one
	}
	return many
}

// and joins names as prose: "A", "A and B", "A, B and C".
func and(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
