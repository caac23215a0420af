package console

import (
	"net/http"
	"slices"
	"strings"

	"github.com/rampart-iam/rampart/internal/ram"
)

// The "Grant Permission" panel, as the seed's appendix walks through it: the principals chosen
// on the users page (one from the "Actions" column, or several ticked), "Resource Scope"
// ("Account" or a resource group), "Policy" (search and pick system and custom policies, with
// type and description), "Grant permissions", then a result view with "Close".

// paiFullAccess is the policy the seed warns about, and its words.
const (
	paiFullAccess  = "AliyunPAIFullAccess"
	paiFullCaution = "A RAM user with this system policy can purchase, create, and delete all types of resources and has administrator permissions on all workspaces. Proceed with caution."
)

// A submission of the panel makes at most maxGrantPrincipals × maxGrantPolicies grants. Each is
// a domain call with its own audit record, a refused one too, so a form without bounds would let
// anyone signed in, even allowed nothing, keep the server busy for minutes and fill the audit
// trail with one request. The panel's principals are one page of the users list at most, and a
// principal holds at most 30 policies under RAM's default quotas (20 system, 10 custom).
const (
	maxGrantPrincipals = usersPerPage
	maxGrantPolicies   = 30
)

type principalRef struct {
	Kind string // "user", "group" or "role"
	Name string
}

func (p principalRef) String() string { return p.Kind + ":" + p.Name }

// Label is how the panel names a principal: "RAM user alice".
func (p principalRef) Label() string {
	switch p.Kind {
	case "group":
		return "RAM user group " + p.Name
	case "role":
		return "RAM role " + p.Name
	}
	return "RAM user " + p.Name
}

type policyOption struct {
	Type, Name, Description string
	Caution                 string
	Checked                 bool
}

type grantData struct {
	Principals      []principalRef
	Scope           string // "account" or a resource group ID
	ResourceGroups  []ram.ResourceGroup
	RGProblem       *problem
	Query           string
	Policies        []policyOption
	Listed          bool     // the policies were read; false: the caller names the policy to grant
	PolicyType      string   // the policy named, when the policies could not be listed,
	PolicyName      string   // in the panel's "policy_type" and "policy_name"
	PoliciesProblem *problem // why the policies could not be listed
	Problem         *problem // of the form
	Back            string
	// The result view:
	Results []grantResult
	Caution string
}

type grantResult struct {
	Principal principalRef
	Policy    string
	Problem   *problem
}

func parsePrincipals(values []string) ([]principalRef, error) {
	var out []principalRef
	seen := map[string]bool{}
	for _, v := range values {
		kind, name, ok := strings.Cut(v, ":")
		if !ok || name == "" || (kind != "user" && kind != "group" && kind != "role") {
			return nil, invalid("InvalidParameter.Principal", "%q does not name a user, group or role.", v)
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, principalRef{kind, name})
		}
		if len(out) > maxGrantPrincipals {
			return nil, invalid("InvalidParameter.Principal", "Select at most %d users, groups or roles at a time.", maxGrantPrincipals)
		}
	}
	if len(out) == 0 {
		return nil, invalid("MissingParameter.Principal", "Select at least one user, group or role to grant permissions to.")
	}
	return out, nil
}

// Crumbs is the panel's place in the navigation: below the page it was opened from, the list of
// users or the page of the one group or role.
func (d grantData) Crumbs() string {
	if ps := d.Principals; len(ps) == 1 && ps[0].Kind == "group" {
		return "Identities > User Groups > " + ps[0].Name + " > Add Permissions"
	} else if len(ps) == 1 && ps[0].Kind == "role" {
		return "Identities > Roles > " + ps[0].Name + " > Add Permissions"
	}
	return "Identities > Users > Add Permissions"
}

// backTo is where "Close" and "Cancel" lead: the list the principals came from, or the page of
// the one principal.
func backTo(ps []principalRef) string {
	if len(ps) == 1 && ps[0].Kind != "user" {
		return Prefix + ps[0].Kind + "s/" + nameSegment(ps[0].Name)
	}
	return Prefix + "users"
}

func (h *Handler) grantPanel(v *visit) {
	q := v.r.URL.Query()
	ps, err := parsePrincipals(q["principal"])
	if err != nil {
		v.fail("Grant Permission", err)
		return
	}
	d := grantData{Principals: ps, Scope: q.Get("scope"), Query: q.Get("q"), Back: backTo(ps)}
	if d.Scope == "" {
		d.Scope = "account"
	}
	h.fillGrantChoices(v, &d, q["policy"])
	v.page(http.StatusOK, "grant", "Grant Permission", Prefix+"users", d)
}

// grantPolicies is the panel's policy search, for htmx.
func (h *Handler) grantPolicies(v *visit) {
	q := v.r.URL.Query()
	opts, err := h.policyOptions(v, q.Get("q"), q["policy"])
	v.fragment("policy-options", struct {
		Policies        []policyOption
		Listed          bool
		PoliciesProblem *problem
	}{opts, err == nil, problemOf(err)})
}

func (h *Handler) fillGrantChoices(v *visit, d *grantData, checked []string) {
	rgs, err := h.ram.ListResourceGroups(v.r.Context(), v.caller, ram.ListResourceGroupsInput{RequestID: v.requestID(), PageSize: 100})
	d.ResourceGroups, d.RGProblem = rgs.Items, problemOf(err)
	d.Policies, err = h.policyOptions(v, d.Query, checked)
	d.Listed, d.PoliciesProblem = err == nil, problemOf(err)
}

// policyOptions lists the policies matching q (in name or description), the checked ones
// first and ticked.
func (h *Handler) policyOptions(v *visit, q string, checked []string) ([]policyOption, error) {
	all, err := allPolicies(v, "")
	if err != nil {
		return nil, err
	}
	tick := map[string]bool{}
	for _, c := range checked {
		tick[c] = true
	}
	var first, rest []policyOption
	for _, p := range all {
		o := policyOption{Type: p.Type, Name: p.Name, Description: p.Description, Checked: tick[p.Type+":"+p.Name]}
		if p.Name == paiFullAccess && p.Type == "System" {
			o.Caution = paiFullCaution
		}
		switch {
		case o.Checked:
			first = append(first, o)
		case q == "" || containsFold(p.Name, q) || containsFold(p.Description, q):
			rest = append(rest, o)
		}
	}
	return append(first, rest...), nil
}

// allPolicies reads every policy of a type ("" for both), system policies first.
func allPolicies(v *visit, typ string) ([]ram.Policy, error) {
	var out []ram.Policy
	marker := ""
	for {
		p, err := v.h.ram.ListPolicies(v.r.Context(), v.caller, ram.ListPoliciesInput{RequestID: v.requestID(),
			PolicyType: typ, Marker: marker, MaxItems: 1000})
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if marker = p.Marker; marker == "" {
			return out, nil
		}
	}
}

// grant is "Grant permissions": every chosen policy to every chosen principal, each grant on
// its own, so one failure (a policy already granted, say) does not stop the others.
func (h *Handler) grant(v *visit) {
	f := v.r.PostForm
	ps, err := parsePrincipals(f["principal"])
	if err != nil {
		v.fail("Grant Permission", err)
		return
	}
	d := grantData{Principals: ps, Scope: f.Get("scope"), Query: strings.TrimSpace(f.Get("q")), Back: backTo(ps),
		PolicyType: f.Get("policy_type"), PolicyName: strings.TrimSpace(f.Get("policy_name"))}
	if d.Scope == "" {
		d.Scope = "account"
	}
	if f.Get("op") == "search" {
		// "Search" (or Enter in the search field) posts the whole panel, so the scope and the
		// policies ticked so far stay chosen.
		h.fillGrantChoices(v, &d, f["policy"])
		v.page(http.StatusOK, "grant", "Grant Permission", Prefix+"users", d)
		return
	}
	var policies []string // the policies ticked (or named), each once, in the panel's order
	named := slices.Clone(f["policy"])
	if d.PolicyName != "" {
		// Named by a person who may not list the policies.
		if d.PolicyType != "System" && d.PolicyType != "Custom" {
			d.Problem = problemOf(invalid("InvalidParameter.PolicyType", "Choose the type of the policy: System or Custom."))
		}
		named = append(named, d.PolicyType+":"+d.PolicyName)
	}
	for _, pol := range named {
		if !slices.Contains(policies, pol) {
			policies = append(policies, pol)
		}
		if len(policies) > maxGrantPolicies {
			break
		}
	}
	switch {
	case d.Problem != nil:
	case len(policies) == 0:
		d.Problem = problemOf(invalid("MissingParameter.Policy", "Select at least one policy."))
	case len(policies) > maxGrantPolicies:
		d.Problem = problemOf(invalid("InvalidParameter.Policy", "Select at most %d policies at a time.", maxGrantPolicies))
	}
	if d.Problem != nil {
		h.fillGrantChoices(v, &d, policies)
		v.page(http.StatusBadRequest, "grant", "Grant Permission", Prefix+"users", d)
		return
	}
	for _, p := range ps {
		for _, pol := range policies {
			typ, name := splitPolicy(pol)
			err := h.attach(v, p, d.Scope, typ, name)
			d.Results = append(d.Results, grantResult{Principal: p, Policy: name, Problem: problemOf(err)})
			if err == nil && name == paiFullAccess && typ == "System" {
				d.Caution = paiFullCaution
			}
		}
	}
	v.page(http.StatusOK, "grant", "Grant Permission", Prefix+"users", d)
}

// attach grants one policy: with RAM's Attach* at account scope, with Resource Manager's
// AttachPolicy in a resource group.
func (h *Handler) attach(v *visit, p principalRef, scope, typ, name string) error {
	ctx, rid := v.r.Context(), v.requestID()
	if scope == "account" {
		in := ram.AttachmentInput{RequestID: rid, PolicyType: typ, PolicyName: name, PrincipalName: p.Name}
		switch p.Kind {
		case "group":
			return h.ram.AttachPolicyToGroup(ctx, v.caller, in)
		case "role":
			return h.ram.AttachPolicyToRole(ctx, v.caller, in)
		}
		return h.ram.AttachPolicyToUser(ctx, v.caller, in)
	}
	account := h.account()
	in := ram.PolicyAttachmentInput{RequestID: rid, ResourceGroupID: scope, PolicyType: typ, PolicyName: name}
	switch p.Kind {
	case "group":
		in.PrincipalType, in.PrincipalName = ram.PrincipalIMSGroup, p.Name+"@group."+account+".onaliyun.com"
	case "role":
		in.PrincipalType, in.PrincipalName = ram.PrincipalServiceRole, p.Name+"@role."+account+".onaliyunservice.com"
	default:
		in.PrincipalType, in.PrincipalName = ram.PrincipalIMSUser, p.Name+"@"+account+".onaliyun.com"
	}
	return h.ram.AttachPolicy(ctx, v.caller, in)
}

// splitPolicy reads "System:AliyunPAIFullAccess" or "Custom:eas-list".
func splitPolicy(s string) (typ, name string) {
	typ, name, ok := strings.Cut(s, ":")
	if !ok {
		return "", s
	}
	return typ, name
}
