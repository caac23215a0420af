package console

import (
	"net/http"
	"strings"

	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/policy"
)

// The policy simulator: pick a user or role, an action, a resource and context, and see the
// decision with every statement that matched and every policy that was consulted. It asks the
// same snapshot every request is decided by.

type simulatorData struct {
	PrincipalType, PrincipalName string
	Action, Resource, Group      string
	Context                      string // "key=value" lines
	Users                        []ram.User
	Roles                        []ram.Role
	Result                       *ram.Simulation
	Problem                      *problem
}

func (h *Handler) simulator(v *visit) {
	q := v.r.URL.Query()
	d := simulatorData{PrincipalType: q.Get("principal_type"), PrincipalName: strings.TrimSpace(q.Get("principal_name")), Action: strings.TrimSpace(q.Get("action")),
		Resource: strings.TrimSpace(q.Get("resource")), Group: strings.TrimSpace(q.Get("resource_group")), Context: q.Get("context")}
	if d.PrincipalType != "Role" {
		d.PrincipalType = "User"
	}
	if us, err := allUsers(v); err == nil {
		d.Users = us
	}
	if rs, err := h.ram.ListRoles(v.r.Context(), v.caller, ram.PageInput{RequestID: v.requestID(), MaxItems: 1000}); err == nil {
		d.Roles = rs.Items
	}
	if d.Resource == "" {
		d.Resource = "*"
	}
	if q.Get("run") == "" {
		v.page(http.StatusOK, "simulator", "Policy Simulator", Prefix+"simulator", d)
		return
	}
	cx, err := parseContext(d.Context)
	if err == nil {
		var sim ram.Simulation
		sim, err = h.ram.SimulatePrincipalPolicy(v.r.Context(), v.caller, ram.SimulateInput{RequestID: v.requestID(),
			PrincipalType: d.PrincipalType, PrincipalName: d.PrincipalName, Action: d.Action, Resource: d.Resource,
			ResourceGroupID: d.Group, Context: cx})
		if err == nil {
			d.Result = &sim
		}
	}
	d.Problem = problemOf(err)
	v.page(statusOf(err), "simulator", "Policy Simulator", Prefix+"simulator", d)
}

// parseContext reads condition keys, one "key=value" a line; a key given on several lines has
// several values.
func parseContext(text string) (policy.Context, error) {
	var cx policy.Context
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, val, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return cx, invalid("InvalidParameter.Context", "Line %d of the context is not key=value.", n+1)
		}
		cx.Add(strings.TrimSpace(k), strings.TrimSpace(val))
	}
	return cx, nil
}
