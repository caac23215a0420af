package sqlstore

import (
	"context"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

const workspaceResourceColumns = `id, workspace_id, name, group_name, resource_type, env_type, is_default, spec, quotas, create_date`

func scanWorkspaceResource(s scanner) (store.WorkspaceResource, error) {
	var r store.WorkspaceResource
	err := s.Scan(&r.ID, &r.WorkspaceID, &r.Name, &r.GroupName, &r.Type, &r.EnvType, &r.IsDefault, &r.Spec, &r.Quotas,
		scanTime(&r.CreateDate))
	return r, err
}

func (r *reader) GetWorkspaceResource(ctx context.Context, id string) (store.WorkspaceResource, error) {
	res, err := one(ctx, r, scanWorkspaceResource, `SELECT `+workspaceResourceColumns+` FROM workspace_resources WHERE id = ?`, id)
	if err != nil {
		return store.WorkspaceResource{}, fmt.Errorf("get workspace resource %s: %w", id, err)
	}
	return res, nil
}

func (r *reader) ListWorkspaceResources(ctx context.Context, workspaceID string) ([]store.WorkspaceResource, error) {
	q := `SELECT ` + workspaceResourceColumns + ` FROM workspace_resources`
	var args []any
	if workspaceID != "" {
		q += ` WHERE workspace_id = ?`
		args = append(args, workspaceID)
	}
	rs, err := list(ctx, r, scanWorkspaceResource, q+` ORDER BY workspace_id, name_key`, args...)
	if err != nil {
		return nil, fmt.Errorf("list resources of workspace %q: %w", workspaceID, err)
	}
	return rs, nil
}

func (r *reader) CountWorkspaceResources(ctx context.Context, workspaceID string) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM workspace_resources WHERE workspace_id = ?`, workspaceID)
	if err != nil {
		return 0, fmt.Errorf("count resources of workspace %s: %w", workspaceID, err)
	}
	return n, nil
}

func (w *writer) CreateWorkspaceResource(ctx context.Context, r store.WorkspaceResource) error {
	err := w.change(ctx, store.KindWorkspaceResource, store.WorkspaceResourceKey(r.WorkspaceID, r.ID), store.OpPut, `INSERT INTO workspace_resources
		(id, workspace_id, name, name_key, group_name, resource_type, env_type, is_default, spec, quotas, create_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.WorkspaceID, r.Name, nameKey(r.Name), r.GroupName, r.Type, r.EnvType, r.IsDefault, r.Spec, r.Quotas,
		unixTime(r.CreateDate))
	if err != nil {
		return fmt.Errorf("create resource %q of workspace %s: %w", r.Name, r.WorkspaceID, err)
	}
	return nil
}

func (w *writer) UpdateWorkspaceResource(ctx context.Context, r store.WorkspaceResource) error {
	err := w.change(ctx, store.KindWorkspaceResource, store.WorkspaceResourceKey(r.WorkspaceID, r.ID), store.OpPut,
		`UPDATE workspace_resources SET group_name = ?, env_type = ?, is_default = ?, spec = ?, quotas = ?
		WHERE id = ? AND workspace_id = ?`,
		r.GroupName, r.EnvType, r.IsDefault, r.Spec, r.Quotas, r.ID, r.WorkspaceID)
	if err != nil {
		return fmt.Errorf("update resource %s of workspace %s: %w", r.ID, r.WorkspaceID, err)
	}
	return nil
}

func (w *writer) DeleteWorkspaceResource(ctx context.Context, id string) error {
	r, err := w.GetWorkspaceResource(ctx, id)
	if err == nil {
		err = w.change(ctx, store.KindWorkspaceResource, store.WorkspaceResourceKey(r.WorkspaceID, id), store.OpDelete,
			`DELETE FROM workspace_resources WHERE id = ?`, id)
	}
	if err != nil {
		return fmt.Errorf("delete workspace resource %s: %w", id, err)
	}
	return nil
}
