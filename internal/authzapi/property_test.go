package authzapi_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/rampart-iam/rampart/internal/authzapi"
	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/pai"
	"github.com/rampart-iam/rampart/internal/store"
)

// The pools the property draws from: permission codes with rules of every shape, the workspace
// roles, and policy statements (by action pattern, effect and an optional pai:Accessibility
// condition).
var (
	propCodes = []string{"PaiDLC:CreateJob", "PaiDLC:GetJob", "PaiDSW:StartInstance", "PaiDataset:UpdateDataset",
		"PaiDataset:GetDataset", "PaiWorkspace:CreateMember", "PaiWorkspace:ListMembers", "eas:CreateService", "Pai:ListQuotas"}
	propRoles   = []string{pai.RoleOwner, pai.RoleAdmin, pai.RoleDeveloper, pai.RoleOperator, pai.RoleLabeler, pai.RoleGuest, pai.RoleMaxCompute}
	propActions = []string{"paidlc:*", "paidlc:GetJob", "paidataset:*", "paiworkspace:CreateMember", "eas:*", "pai:*"}
)

type propStatement struct {
	effect        string
	action        string
	accessibility string // "" for no condition
}

// TestDecisionsAgree: for random memberships and policies, the decision API, AIWorkspace
// GetPermission and a naive recomputation from the catalog's data give the same answer.
func TestDecisionsAgree(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(rt *rapid.T) {
		e := newEnv(t, authzapi.Options{})
		ctx := context.Background()
		ws, err := e.svc.CreateWorkspace(ctx, e.root, pai.CreateWorkspaceInput{WorkspaceName: "prop"})
		if err != nil {
			rt.Fatal(err)
		}
		stmts := rapid.SliceOfN(rapid.Custom(func(rt *rapid.T) propStatement {
			return propStatement{
				effect:        rapid.SampledFrom([]string{"Allow", "Deny"}).Draw(rt, "effect"),
				action:        rapid.SampledFrom(propActions).Draw(rt, "action"),
				accessibility: rapid.SampledFrom([]string{"", "PUBLIC", "PRIVATE"}).Draw(rt, "condition"),
			}
		}), 0, 3).Draw(rt, "policy")
		roles := rapid.SliceOfNDistinct(rapid.SampledFrom(propRoles), 0, 3, rapid.ID[string]).Draw(rt, "roles")
		var docs []string
		if len(stmts) > 0 {
			docs = append(docs, policyOf(stmts))
		}
		id := e.user("alice", docs...)
		if len(roles) > 0 {
			e.Given(func(ctx context.Context, tx store.Tx) error {
				return tx.CreateWorkspaceMember(ctx, store.WorkspaceMember{WorkspaceID: ws.ID, PrincipalType: store.PrincipalUser,
					PrincipalID: id, Roles: roles, CreateDate: e.now})
			})
		}

		code := rapid.SampledFrom(propCodes).Draw(rt, "code")
		accessibility := rapid.SampledFrom([]string{"PUBLIC", "PRIVATE"}).Draw(rt, "accessibility")
		creator := rapid.SampledFrom([]string{id, "7777777777777777"}).Draw(rt, "creator")
		perm := findPermission(cat, code)
		resource := "acs:" + strings.ToLower(strings.SplitN(perm.RAMAction, ":", 2)[0]) + ":cn-hangzhou:" + account + ":workspace/" + ws.ID + "/*"

		var api result
		if status := e.post("/authz/v1/check", "", map[string]any{"principal": userARN("alice"), "action": perm.RAMAction,
			"resource": resource, "workspaceId": ws.ID, "accessibility": accessibility, "creator": creator}, &api); status != 200 {
			rt.Fatalf("decision API: %d %+v", status, api)
		}
		q := url.Values{"Accessibility": {accessibility}, "Creator": {creator}}
		var gp map[string]any
		status := e.send("GET", "/api/v1/workspaces/"+ws.ID+"/permissions/"+code+"?"+q.Encode(), "alice", "", &gp)
		if status != 200 && status != 403 {
			rt.Fatalf("GetPermission: %d %v", status, gp)
		}
		naive := naiveAllowed(stmts, perm, roles, accessibility, creator == id)

		if (api.Decision == "Allow") != naive || (status == 200) != naive {
			b, _ := json.Marshal(gp)
			rt.Fatalf("%s (%s, creator is caller: %v) with roles %v and statements %+v:\ndecision API %s by %s %q\nGetPermission %d %s\nnaive %v",
				code, accessibility, creator == id, roles, stmts, api.Decision, api.By, api.Reasons, status, b, naive)
		}
	})
}

func policyOf(stmts []propStatement) string {
	var list []map[string]any
	for _, s := range stmts {
		st := map[string]any{"Effect": s.effect, "Action": s.action, "Resource": "*"}
		if s.accessibility != "" {
			st["Condition"] = map[string]any{"StringEquals": map[string]any{"pai:Accessibility": s.accessibility}}
		}
		list = append(list, st)
	}
	b, _ := json.Marshal(map[string]any{"Version": "1", "Statement": list})
	return string(b)
}

func findPermission(cat *catalog.Catalog, code string) catalog.Permission {
	var out catalog.Permission
	for _, m := range cat.RolePermissions() {
		for _, p := range m.Permissions {
			if p.Code == code {
				if out.Code == "" {
					out = p
					continue
				}
				for role, rules := range p.Rules { // a code listed twice holds both groups' rules
					out.Rules[role] = append(out.Rules[role], rules...)
				}
				out.DefaultAllow = out.DefaultAllow || p.DefaultAllow
			}
		}
	}
	return out
}

// naiveAllowed recomputes the decision the slow, obvious way: RAM first (a matching Deny wins,
// then a matching Allow), then "allowed unless denied", then each role's rules from the catalog.
func naiveAllowed(stmts []propStatement, p catalog.Permission, roles []string, accessibility string, own bool) bool {
	action := strings.ToLower(p.RAMAction)
	allowed := false
	for _, s := range stmts {
		pattern := strings.ToLower(s.action)
		matches := pattern == action || (strings.HasSuffix(pattern, ":*") && strings.HasPrefix(action, strings.TrimSuffix(pattern, "*")))
		if !matches || (s.accessibility != "" && s.accessibility != accessibility) {
			continue
		}
		if s.effect == "Deny" {
			return false
		}
		allowed = true
	}
	if allowed || p.DefaultAllow {
		return true
	}
	for _, role := range roles {
		for _, r := range p.Rules[role] {
			switch {
			case r.Accessibility == catalog.AnyAccessibility:
				return true
			case string(r.Accessibility) != accessibility:
			case r.Accessibility == catalog.Public:
				return true
			case r.EntityAccessType == catalog.AnyEntity || own:
				return true
			}
		}
	}
	return false
}
