package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/store"
)

const workspaceColumns = `id, name, display_name, description, env_types, status, creator_id, resource_group_id,
	is_default, create_date, update_date`

func scanWorkspace(s scanner) (store.Workspace, error) {
	var w store.Workspace
	var envTypes string
	err := s.Scan(&w.ID, &w.Name, &w.DisplayName, &w.Description, &envTypes, &w.Status, &w.CreatorID,
		&w.ResourceGroupID, &w.IsDefault, scanTime(&w.CreateDate), scanTime(&w.UpdateDate))
	w.EnvTypes = splitList(envTypes)
	return w, err
}

// joinList and splitList store a list of comma-free items in one column, nil as "".
func joinList(items []string) string { return strings.Join(items, ",") }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func (r *reader) GetWorkspace(ctx context.Context, id string) (store.Workspace, error) {
	w, err := one(ctx, r, scanWorkspace, `SELECT `+workspaceColumns+` FROM workspaces WHERE id = ?`, id)
	if err != nil {
		return store.Workspace{}, fmt.Errorf("get workspace %s: %w", id, err)
	}
	return w, nil
}

func (r *reader) GetWorkspaceByName(ctx context.Context, name string) (store.Workspace, error) {
	w, err := one(ctx, r, scanWorkspace, `SELECT `+workspaceColumns+` FROM workspaces WHERE name_key = ?`, nameKey(name))
	if err != nil {
		return store.Workspace{}, fmt.Errorf("get workspace %q: %w", name, err)
	}
	return w, nil
}

func (r *reader) GetDefaultWorkspace(ctx context.Context) (store.Workspace, error) {
	w, err := one(ctx, r, scanWorkspace, `SELECT `+workspaceColumns+` FROM workspaces WHERE is_default`)
	if err != nil {
		return store.Workspace{}, fmt.Errorf("get the default workspace: %w", err)
	}
	return w, nil
}

func (r *reader) ListWorkspaces(ctx context.Context) ([]store.Workspace, error) {
	ws, err := list(ctx, r, scanWorkspace, `SELECT `+workspaceColumns+` FROM workspaces ORDER BY create_date, id`)
	if err != nil {
		return nil, fmt.Errorf("list workspaces: %w", err)
	}
	return ws, nil
}

func (r *reader) CountWorkspaces(ctx context.Context) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM workspaces`)
	if err != nil {
		return 0, fmt.Errorf("count workspaces: %w", err)
	}
	return n, nil
}

func (w *writer) CreateWorkspace(ctx context.Context, ws store.Workspace) error {
	err := w.change(ctx, store.KindWorkspace, ws.ID, store.OpPut, `INSERT INTO workspaces
		(id, name, name_key, display_name, description, env_types, status, creator_id, resource_group_id,
		is_default, create_date, update_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ws.ID, ws.Name, nameKey(ws.Name), ws.DisplayName, ws.Description, joinList(ws.EnvTypes), ws.Status,
		ws.CreatorID, ws.ResourceGroupID, ws.IsDefault, unixTime(ws.CreateDate), unixTime(ws.UpdateDate))
	if err != nil {
		return fmt.Errorf("create workspace %q: %w", ws.Name, err)
	}
	return nil
}

func (w *writer) UpdateWorkspace(ctx context.Context, ws store.Workspace) error {
	err := w.change(ctx, store.KindWorkspace, ws.ID, store.OpPut, `UPDATE workspaces SET
		name = ?, name_key = ?, display_name = ?, description = ?, env_types = ?, status = ?, creator_id = ?,
		resource_group_id = ?, is_default = ?, update_date = ? WHERE id = ?`,
		ws.Name, nameKey(ws.Name), ws.DisplayName, ws.Description, joinList(ws.EnvTypes), ws.Status, ws.CreatorID,
		ws.ResourceGroupID, ws.IsDefault, unixTime(ws.UpdateDate), ws.ID)
	if err != nil {
		return fmt.Errorf("update workspace %s (%q): %w", ws.ID, ws.Name, err)
	}
	return nil
}

func (w *writer) DeleteWorkspace(ctx context.Context, id string) error {
	if err := w.change(ctx, store.KindWorkspace, id, store.OpDelete, `DELETE FROM workspaces WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete workspace %s: %w", id, err)
	}
	return nil
}
