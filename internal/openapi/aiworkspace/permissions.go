package aiworkspace

import (
	"context"
	"slices"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/pai"
)

type permissionRule struct{ EntityAccessType, Accessibility string }

func rules(rs []catalog.PermissionRule) []permissionRule {
	out := make([]permissionRule, len(rs))
	for i, r := range rs {
		out[i] = permissionRule{string(r.EntityAccessType), string(r.Accessibility)}
	}
	return out
}

func getPermission(ctx context.Context, p Workspaces, k *request) (any, error) {
	options := k.q.list("Option")
	for _, o := range options {
		if o != "ResourceEmpty" && o != "DisableRam" {
			return nil, invalidOption(o)
		}
	}
	pr, err := p.GetPermission(ctx, k.caller, pai.GetPermissionInput{RequestID: k.id, WorkspaceID: k.r.PathValue("WorkspaceId"),
		PermissionCode: k.r.PathValue("PermissionCode"), Accessibility: k.q.str("Accessibility"), Creator: k.q.str("Creator"),
		Resource: k.q.str("Resource"), DisableRAM: slices.Contains(options, "DisableRam")})
	if err != nil {
		return nil, err
	}
	return struct {
		RequestId       string
		PermissionCode  string
		PermissionRules []permissionRule
	}{k.id, pr.Code, rules(pr.Rules)}, nil
}

func listPermissions(ctx context.Context, p Workspaces, k *request) (any, error) {
	ps, err := p.ListPermissions(ctx, k.caller, pai.ListPermissionsInput{RequestID: k.id, WorkspaceID: k.r.PathValue("WorkspaceId")})
	if err != nil {
		return nil, err
	}
	type permission struct {
		PermissionCode  string
		PermissionRules []permissionRule
	}
	out := struct {
		RequestId   string
		TotalCount  int64
		Permissions []permission
	}{RequestId: k.id, TotalCount: int64(len(ps)), Permissions: []permission{}}
	for _, pr := range ps {
		out.Permissions = append(out.Permissions, permission{pr.Code, rules(pr.Rules)})
	}
	return out, nil
}
