package authzapi

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
)

// explainResponse is /authz/v1/explain's answer: the check's result and everything consulted.
type explainResponse struct {
	Result
	Revision     int64             `json:"revision"`
	Statements   []statementReason `json:"statements"`
	Roles        []roleReason      `json:"roles"`
	MemberGrants []statementReason `json:"memberGrants"`
	Notes        []string          `json:"notes"`
}

type statementReason struct {
	PolicyType      string `json:"policyType,omitempty"`
	PolicyName      string `json:"policyName"`
	Statement       int    `json:"statement"`
	Sid             string `json:"sid,omitempty"`
	Effect          string `json:"effect"`
	ResourceGroupID string `json:"resourceGroupId,omitempty"`
	Session         bool   `json:"session,omitempty"`
	Matched         bool   `json:"matched"`
	Reason          string `json:"reason"`
}

type roleReason struct {
	Role   string       `json:"role"`
	Grants bool         `json:"grants"`
	Rules  []ruleReason `json:"rules"`
}

type ruleReason struct {
	Accessibility    string `json:"accessibility"`
	EntityAccessType string `json:"entityAccessType"`
	Holds            bool   `json:"holds"`
	Reason           string `json:"reason"`
}

func (h *Handler) explain(ctx context.Context, k *call) (any, error) {
	in, snap, err := h.oneCheck(ctx, k)
	if err != nil {
		return nil, err
	}
	res, caller, req := h.evaluate(ctx, snap, &in.Check, k.now)
	out := explainResponse{Result: res, Revision: snap.Revision(), Statements: []statementReason{}, Roles: []roleReason{},
		MemberGrants: []statementReason{}, Notes: []string{}}
	if caller == nil {
		return out, nil
	}
	e := snap.ExplainWorkspace(caller, req)
	out.Statements = statements(e.Statements)
	out.MemberGrants = statements(e.MemberGrants)
	for _, r := range e.Roles {
		rr := roleReason{Role: r.Role, Grants: r.Grants, Rules: []ruleReason{}}
		for _, rule := range r.Rules {
			rr.Rules = append(rr.Rules, ruleReason{Accessibility: rule.Accessibility, EntityAccessType: rule.EntityAccessType,
				Holds: rule.Result == authz.RuleHolds, Reason: rule.Result.String()})
		}
		out.Roles = append(out.Roles, rr)
	}
	if e.Notes != nil {
		out.Notes = e.Notes
	}
	return out, nil
}

func statements(in []authz.StatementReason) []statementReason {
	out := make([]statementReason, len(in))
	for i, s := range in {
		out[i] = statementReason{PolicyType: string(s.PolicyType), PolicyName: s.PolicyName, Statement: s.Statement, Sid: s.Sid,
			Effect: s.Effect.String(), ResourceGroupID: s.ResourceGroupID, Session: s.Session, Matched: s.Matched, Reason: s.Reason}
	}
	return out
}
