package sqlstore

import (
	"context"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

const workspaceMemberColumns = `workspace_id, principal_type, principal_id, roles, create_date`

func scanWorkspaceMember(s scanner) (store.WorkspaceMember, error) {
	var m store.WorkspaceMember
	var roles string
	err := s.Scan(&m.WorkspaceID, &m.PrincipalType, &m.PrincipalID, &roles, scanTime(&m.CreateDate))
	m.Roles = splitList(roles)
	return m, err
}

func (r *reader) GetWorkspaceMember(ctx context.Context, workspaceID, principalID string) (store.WorkspaceMember, error) {
	m, err := one(ctx, r, scanWorkspaceMember, `SELECT `+workspaceMemberColumns+` FROM workspace_members
		WHERE workspace_id = ? AND principal_id = ?`, workspaceID, principalID)
	if err != nil {
		return store.WorkspaceMember{}, fmt.Errorf("get member %s of workspace %s: %w", principalID, workspaceID, err)
	}
	return m, nil
}

func (r *reader) ListWorkspaceMembers(ctx context.Context, workspaceID string) ([]store.WorkspaceMember, error) {
	q := `SELECT ` + workspaceMemberColumns + ` FROM workspace_members`
	var args []any
	if workspaceID != "" {
		q += ` WHERE workspace_id = ?`
		args = append(args, workspaceID)
	}
	ms, err := list(ctx, r, scanWorkspaceMember, q+` ORDER BY workspace_id, create_date, principal_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list members of workspace %q: %w", workspaceID, err)
	}
	return ms, nil
}

func (r *reader) CountWorkspaceMembers(ctx context.Context, workspaceID string) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM workspace_members WHERE workspace_id = ?`, workspaceID)
	if err != nil {
		return 0, fmt.Errorf("count members of workspace %s: %w", workspaceID, err)
	}
	return n, nil
}

func (w *writer) CreateWorkspaceMember(ctx context.Context, m store.WorkspaceMember) error {
	err := w.change(ctx, store.KindWorkspaceMember, store.WorkspaceMemberKey(m.WorkspaceID, m.PrincipalID), store.OpPut,
		`INSERT INTO workspace_members (workspace_id, principal_type, principal_id, roles, create_date) VALUES (?, ?, ?, ?, ?)`,
		m.WorkspaceID, m.PrincipalType, m.PrincipalID, joinList(m.Roles), unixTime(m.CreateDate))
	if err != nil {
		return fmt.Errorf("add member %s to workspace %s: %w", m.PrincipalID, m.WorkspaceID, err)
	}
	return nil
}

func (w *writer) UpdateWorkspaceMember(ctx context.Context, m store.WorkspaceMember) error {
	err := w.change(ctx, store.KindWorkspaceMember, store.WorkspaceMemberKey(m.WorkspaceID, m.PrincipalID), store.OpPut,
		`UPDATE workspace_members SET roles = ? WHERE workspace_id = ? AND principal_id = ?`,
		joinList(m.Roles), m.WorkspaceID, m.PrincipalID)
	if err != nil {
		return fmt.Errorf("update member %s of workspace %s: %w", m.PrincipalID, m.WorkspaceID, err)
	}
	return nil
}

func (w *writer) DeleteWorkspaceMember(ctx context.Context, workspaceID, principalID string) error {
	err := w.change(ctx, store.KindWorkspaceMember, store.WorkspaceMemberKey(workspaceID, principalID), store.OpDelete,
		`DELETE FROM workspace_members WHERE workspace_id = ? AND principal_id = ?`, workspaceID, principalID)
	if err != nil {
		return fmt.Errorf("remove member %s from workspace %s: %w", principalID, workspaceID, err)
	}
	return nil
}
