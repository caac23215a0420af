package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/store"
)

const resourceGroupColumns = `id, name, display_name, status, create_date`

func scanResourceGroup(s scanner) (store.ResourceGroup, error) {
	var g store.ResourceGroup
	err := s.Scan(&g.ID, &g.Name, &g.DisplayName, &g.Status, scanTime(&g.CreateDate))
	return g, err
}

func scanResourceGroupMember(s scanner) (store.ResourceGroupMember, error) {
	var m store.ResourceGroupMember
	err := s.Scan(&m.ResourceGroupID, &m.ResourceARN)
	return m, err
}

func (r *reader) GetResourceGroup(ctx context.Context, id string) (store.ResourceGroup, error) {
	g, err := one(ctx, r, scanResourceGroup, `SELECT `+resourceGroupColumns+` FROM resource_groups WHERE id = ?`, id)
	if err != nil {
		return store.ResourceGroup{}, fmt.Errorf("get resource group %s: %w", id, err)
	}
	return g, nil
}

func (r *reader) GetResourceGroupByName(ctx context.Context, name string) (store.ResourceGroup, error) {
	g, err := one(ctx, r, scanResourceGroup, `SELECT `+resourceGroupColumns+` FROM resource_groups WHERE name_key = ?`, nameKey(name))
	if err != nil {
		return store.ResourceGroup{}, fmt.Errorf("get resource group %q: %w", name, err)
	}
	return g, nil
}

func (r *reader) ListResourceGroups(ctx context.Context, p store.Page) ([]store.ResourceGroup, string, error) {
	p.Marker = strings.ToLower(p.Marker)
	gs, next, err := page(ctx, r, p, scanResourceGroup, func(g store.ResourceGroup) string { return nameKey(g.Name) },
		`SELECT `+resourceGroupColumns+` FROM resource_groups WHERE name_key > ? ORDER BY name_key LIMIT ?`)
	if err != nil {
		return nil, "", fmt.Errorf("list resource groups: %w", err)
	}
	return gs, next, nil
}

func (r *reader) CountResourceGroups(ctx context.Context) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM resource_groups`)
	if err != nil {
		return 0, fmt.Errorf("count resource groups: %w", err)
	}
	return n, nil
}

func (r *reader) ListResources(ctx context.Context, resourceGroupID string, p store.Page) ([]store.ResourceGroupMember, string, error) {
	ms, next, err := page(ctx, r, p, scanResourceGroupMember, func(m store.ResourceGroupMember) string { return m.ResourceARN },
		`SELECT resource_group_id, resource_arn FROM resource_group_members
		WHERE resource_group_id = ? AND resource_arn > ? ORDER BY resource_arn LIMIT ?`, resourceGroupID)
	if err != nil {
		return nil, "", fmt.Errorf("list resources of resource group %s: %w", resourceGroupID, err)
	}
	return ms, next, nil
}

func (r *reader) GetResourceGroupOf(ctx context.Context, resourceARN string) (store.ResourceGroupMember, error) {
	m, err := one(ctx, r, scanResourceGroupMember,
		`SELECT resource_group_id, resource_arn FROM resource_group_members WHERE resource_arn = ?`, resourceARN)
	if err != nil {
		return store.ResourceGroupMember{}, fmt.Errorf("get resource group of %s: %w", resourceARN, err)
	}
	return m, nil
}

func (w *writer) CreateResourceGroup(ctx context.Context, g store.ResourceGroup) error {
	err := w.change(ctx, store.KindResourceGroup, g.ID, store.OpPut, `INSERT INTO resource_groups
		(id, name, name_key, display_name, status, create_date) VALUES (?, ?, ?, ?, ?, ?)`,
		g.ID, g.Name, nameKey(g.Name), g.DisplayName, g.Status, unixTime(g.CreateDate))
	if err != nil {
		return fmt.Errorf("create resource group %q: %w", g.Name, err)
	}
	return nil
}

func (w *writer) UpdateResourceGroup(ctx context.Context, g store.ResourceGroup) error {
	err := w.change(ctx, store.KindResourceGroup, g.ID, store.OpPut,
		`UPDATE resource_groups SET name = ?, name_key = ?, display_name = ?, status = ? WHERE id = ?`,
		g.Name, nameKey(g.Name), g.DisplayName, g.Status, g.ID)
	if err != nil {
		return fmt.Errorf("update resource group %s (%q): %w", g.ID, g.Name, err)
	}
	return nil
}

func (w *writer) DeleteResourceGroup(ctx context.Context, id string) error {
	if err := w.change(ctx, store.KindResourceGroup, id, store.OpDelete, `DELETE FROM resource_groups WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete resource group %s: %w", id, err)
	}
	return nil
}

func (w *writer) AddResource(ctx context.Context, m store.ResourceGroupMember) error {
	err := w.change(ctx, store.KindResourceGroupMember, store.ResourceKey(m.ResourceGroupID, m.ResourceARN), store.OpPut,
		`INSERT INTO resource_group_members (resource_arn, resource_group_id) VALUES (?, ?)`, m.ResourceARN, m.ResourceGroupID)
	if err != nil {
		return fmt.Errorf("add %s to resource group %s: %w", m.ResourceARN, m.ResourceGroupID, err)
	}
	return nil
}

func (w *writer) RemoveResource(ctx context.Context, m store.ResourceGroupMember) error {
	err := w.change(ctx, store.KindResourceGroupMember, store.ResourceKey(m.ResourceGroupID, m.ResourceARN), store.OpDelete,
		`DELETE FROM resource_group_members WHERE resource_arn = ? AND resource_group_id = ?`, m.ResourceARN, m.ResourceGroupID)
	if err != nil {
		return fmt.Errorf("remove %s from resource group %s: %w", m.ResourceARN, m.ResourceGroupID, err)
	}
	return nil
}
