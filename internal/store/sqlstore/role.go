package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/store"
)

const roleColumns = `id, name, description, trust_policy, max_session_duration, service_name, create_date, update_date`

func scanRole(s scanner) (store.Role, error) {
	var r store.Role
	err := s.Scan(&r.ID, &r.Name, &r.Description, &r.TrustPolicy, &r.MaxSessionDuration, &r.ServiceName,
		scanTime(&r.CreateDate), scanTime(&r.UpdateDate))
	return r, err
}

func (r *reader) GetRole(ctx context.Context, id string) (store.Role, error) {
	role, err := one(ctx, r, scanRole, `SELECT `+roleColumns+` FROM roles WHERE id = ?`, id)
	if err != nil {
		return store.Role{}, fmt.Errorf("get role %s: %w", id, err)
	}
	return role, nil
}

func (r *reader) GetRoleByName(ctx context.Context, name string) (store.Role, error) {
	role, err := one(ctx, r, scanRole, qRoleByName, nameKey(name))
	if err != nil {
		return store.Role{}, fmt.Errorf("get role %q: %w", name, err)
	}
	return role, nil
}

func (r *reader) ListRoles(ctx context.Context, p store.Page) ([]store.Role, string, error) {
	p.Marker = strings.ToLower(p.Marker)
	roles, next, err := page(ctx, r, p, scanRole, func(role store.Role) string { return nameKey(role.Name) },
		`SELECT `+roleColumns+` FROM roles WHERE name_key > ? ORDER BY name_key LIMIT ?`)
	if err != nil {
		return nil, "", fmt.Errorf("list roles: %w", err)
	}
	return roles, next, nil
}

func (r *reader) CountRoles(ctx context.Context) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM roles`)
	if err != nil {
		return 0, fmt.Errorf("count roles: %w", err)
	}
	return n, nil
}

func (w *writer) CreateRole(ctx context.Context, r store.Role) error {
	err := w.change(ctx, store.KindRole, r.ID, store.OpPut, `INSERT INTO roles
		(id, name, name_key, description, trust_policy, max_session_duration, service_name, create_date, update_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Name, nameKey(r.Name), r.Description, r.TrustPolicy, r.MaxSessionDuration, r.ServiceName,
		unixTime(r.CreateDate), unixTime(r.UpdateDate))
	if err != nil {
		return fmt.Errorf("create role %q: %w", r.Name, err)
	}
	return nil
}

func (w *writer) UpdateRole(ctx context.Context, r store.Role) error {
	err := w.change(ctx, store.KindRole, r.ID, store.OpPut, `UPDATE roles SET
		name = ?, name_key = ?, description = ?, trust_policy = ?, max_session_duration = ?, update_date = ?
		WHERE id = ?`,
		r.Name, nameKey(r.Name), r.Description, r.TrustPolicy, r.MaxSessionDuration, unixTime(r.UpdateDate), r.ID)
	if err != nil {
		return fmt.Errorf("update role %s (%q): %w", r.ID, r.Name, err)
	}
	return nil
}

func (w *writer) DeleteRole(ctx context.Context, id string) error {
	if err := w.change(ctx, store.KindRole, id, store.OpDelete, `DELETE FROM roles WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete role %s: %w", id, err)
	}
	return nil
}
