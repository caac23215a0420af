package console

import (
	"net/http"
	"strings"

	"github.com/rampart-iam/rampart/internal/ram"
)

// "Identities > Roles": the list, creating a role with its trust policy, and a role's trust
// policy and permissions.

type rolesData struct {
	Roles                    []ram.Role
	Listed                   bool // the list was read: an empty one means there are no roles
	Name, Description, Trust string
	Problem                  *problem
}

// defaultTrust lets the account's own identities assume a new role, as RAM's console proposes
// for "Alibaba Cloud Account" as the trusted entity.
func defaultTrust(account string) string {
	return `{
    "Statement": [
        {
            "Action": "sts:AssumeRole",
            "Effect": "Allow",
            "Principal": {
                "RAM": [
                    "acs:ram::` + account + `:root"
                ]
            }
        }
    ],
    "Version": "1"
}`
}

func (h *Handler) roles(v *visit) {
	p, err := h.ram.ListRoles(v.r.Context(), v.caller, ram.PageInput{RequestID: v.requestID(), MaxItems: 1000})
	v.page(statusOf(err), "roles", "Roles", Prefix+"roles", rolesData{Roles: p.Items, Listed: err == nil, Trust: defaultTrust(h.account()), Problem: problemOf(err)})
}

func (h *Handler) newRole(v *visit) {
	f := v.r.PostForm
	d := rolesData{Name: strings.TrimSpace(f.Get("name")), Description: f.Get("description"), Trust: f.Get("trust")}
	r, err := h.ram.CreateRole(v.r.Context(), v.caller, ram.CreateRoleInput{RequestID: v.requestID(), RoleName: d.Name,
		Description: d.Description, AssumeRolePolicyDocument: d.Trust})
	if err != nil {
		p, lerr := h.ram.ListRoles(v.r.Context(), v.caller, ram.PageInput{RequestID: v.requestID(), MaxItems: 1000})
		d.Roles, d.Listed, d.Problem = p.Items, lerr == nil, problemOf(err)
		v.page(statusOf(err), "roles", "Roles", Prefix+"roles", d)
		return
	}
	v.redirectDone(Prefix+"roles/"+nameSegment(r.Name), "The role has been created.")
}

type roleData struct {
	Role            ram.Role
	Policies        []ram.AttachedPolicy
	PoliciesProblem *problem
	Trust           string // the trust policy being edited
	Notice          string
	Problem         *problem
}

func (h *Handler) role(v *visit) {
	d, err := h.loadRole(v, pathName(v.r))
	if err != nil {
		v.fail("Role", err)
		return
	}
	d.Notice = v.notice()
	v.page(http.StatusOK, "role", "Role "+d.Role.Name, Prefix+"roles", d)
}

func (h *Handler) loadRole(v *visit, name string) (*roleData, error) {
	in := ram.RoleInput{RequestID: v.requestID(), RoleName: name}
	r, err := h.ram.GetRole(v.r.Context(), v.caller, in)
	if err != nil {
		return nil, err
	}
	d := &roleData{Role: r, Trust: r.AssumeRolePolicyDocument}
	in.RoleName = r.Name
	d.Policies, err = h.ram.ListPoliciesForRole(v.r.Context(), v.caller, in)
	d.PoliciesProblem = problemOf(err)
	return d, nil
}

func (h *Handler) roleOp(v *visit) {
	name, op := pathName(v.r), v.r.PathValue("op")
	ctx, rid, f := v.r.Context(), v.requestID(), v.r.PostForm
	var err error
	var done string
	switch op {
	case "trust":
		if strings.TrimSpace(f.Get("trust")) == "" {
			// UpdateRole reads no document as no change: the form would confirm an update
			// that did not happen.
			err = invalid("MissingParameter.TrustPolicy", "Enter the trust policy document.")
			break
		}
		_, err = h.ram.UpdateRole(ctx, v.caller, ram.UpdateRoleInput{RequestID: rid, RoleName: name, NewAssumeRolePolicyDocument: f.Get("trust")})
		done = "The trust policy has been updated."
	case "detach":
		typ, pol := splitPolicy(f.Get("policy"))
		err = h.ram.DetachPolicyFromRole(ctx, v.caller, ram.AttachmentInput{RequestID: rid, PolicyType: typ, PolicyName: pol, PrincipalName: name})
		done = "Revoked " + pol + "."
	default:
		v.fail("Role", notFoundf("There is no action %q.", op))
		return
	}
	if err == nil {
		v.redirectDone(Prefix+"roles/"+nameSegment(name), done)
		return
	}
	d, lerr := h.loadRole(v, name)
	if lerr != nil {
		v.failAction("Role", err, lerr)
		return
	}
	if op == "trust" && strings.TrimSpace(f.Get("trust")) != "" {
		d.Trust = f.Get("trust") // an empty one shows the current document again
	}
	d.Problem = problemOf(err)
	v.page(statusOf(err), "role", "Role "+name, Prefix+"roles", d)
}
