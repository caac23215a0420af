package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/store"
)

const groupColumns = `id, name, comments, create_date, update_date`

func scanGroup(s scanner) (store.Group, error) {
	var g store.Group
	err := s.Scan(&g.ID, &g.Name, &g.Comments, scanTime(&g.CreateDate), scanTime(&g.UpdateDate))
	return g, err
}

func (r *reader) GetGroup(ctx context.Context, id string) (store.Group, error) {
	g, err := one(ctx, r, scanGroup, `SELECT `+groupColumns+` FROM groups WHERE id = ?`, id)
	if err != nil {
		return store.Group{}, fmt.Errorf("get group %s: %w", id, err)
	}
	return g, nil
}

func (r *reader) GetGroupByName(ctx context.Context, name string) (store.Group, error) {
	g, err := one(ctx, r, scanGroup, qGroupByName, nameKey(name))
	if err != nil {
		return store.Group{}, fmt.Errorf("get group %q: %w", name, err)
	}
	return g, nil
}

func (r *reader) ListGroups(ctx context.Context, p store.Page) ([]store.Group, string, error) {
	p.Marker = strings.ToLower(p.Marker)
	groups, next, err := page(ctx, r, p, scanGroup, func(g store.Group) string { return nameKey(g.Name) },
		`SELECT `+groupColumns+` FROM groups WHERE name_key > ? ORDER BY name_key LIMIT ?`)
	if err != nil {
		return nil, "", fmt.Errorf("list groups: %w", err)
	}
	return groups, next, nil
}

func (r *reader) CountGroups(ctx context.Context) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM groups`)
	if err != nil {
		return 0, fmt.Errorf("count groups: %w", err)
	}
	return n, nil
}

func (r *reader) ListGroupsForUser(ctx context.Context, userID string) ([]store.UserGroup, error) {
	groups, err := list(ctx, r, func(s scanner) (store.UserGroup, error) {
		var ug store.UserGroup
		g := &ug.Group
		err := s.Scan(&g.ID, &g.Name, &g.Comments, scanTime(&g.CreateDate), scanTime(&g.UpdateDate), scanTime(&ug.JoinDate))
		return ug, err
	}, `SELECT `+prefixed("g", groupColumns)+`, m.join_date
		FROM group_members m JOIN groups g ON g.id = m.group_id
		WHERE m.user_id = ? ORDER BY g.name_key`, userID)
	if err != nil {
		return nil, fmt.Errorf("list groups for user %s: %w", userID, err)
	}
	return groups, nil
}

func (r *reader) ListUsersForGroup(ctx context.Context, groupID string, p store.Page) ([]store.GroupMember, string, error) {
	p.Marker = strings.ToLower(p.Marker)
	members, next, err := page(ctx, r, p, func(s scanner) (store.GroupMember, error) {
		var m store.GroupMember
		u := &m.User
		err := s.Scan(&u.ID, &u.Name, &u.DisplayName, &u.Email, &u.MobilePhone, &u.Comments,
			scanTime(&u.CreateDate), scanTime(&u.UpdateDate), scanTime(&u.LastLoginDate), scanTime(&m.JoinDate))
		return m, err
	}, func(m store.GroupMember) string { return nameKey(m.User.Name) },
		`SELECT `+prefixed("u", userColumns)+`, m.join_date
		FROM group_members m JOIN users u ON u.id = m.user_id
		WHERE m.group_id = ? AND u.name_key > ? ORDER BY u.name_key LIMIT ?`, groupID)
	if err != nil {
		return nil, "", fmt.Errorf("list users for group %s: %w", groupID, err)
	}
	return members, next, nil
}

func (r *reader) CountGroupsForUser(ctx context.Context, userID string) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM group_members WHERE user_id = ?`, userID)
	if err != nil {
		return 0, fmt.Errorf("count groups for user %s: %w", userID, err)
	}
	return n, nil
}

func (r *reader) CountUsersForGroup(ctx context.Context, groupID string) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM group_members WHERE group_id = ?`, groupID)
	if err != nil {
		return 0, fmt.Errorf("count users for group %s: %w", groupID, err)
	}
	return n, nil
}

func (r *reader) ListMemberships(ctx context.Context) ([]store.Membership, error) {
	ms, err := list(ctx, r, func(s scanner) (store.Membership, error) {
		var m store.Membership
		err := s.Scan(&m.GroupID, &m.UserID, scanTime(&m.JoinDate))
		return m, err
	}, `SELECT group_id, user_id, join_date FROM group_members ORDER BY group_id, user_id`)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	return ms, nil
}

func (w *writer) CreateGroup(ctx context.Context, g store.Group) error {
	err := w.change(ctx, store.KindGroup, g.ID, store.OpPut, `INSERT INTO groups
		(id, name, name_key, comments, create_date, update_date) VALUES (?, ?, ?, ?, ?, ?)`,
		g.ID, g.Name, nameKey(g.Name), g.Comments, unixTime(g.CreateDate), unixTime(g.UpdateDate))
	if err != nil {
		return fmt.Errorf("create group %q: %w", g.Name, err)
	}
	return nil
}

func (w *writer) UpdateGroup(ctx context.Context, g store.Group) error {
	err := w.change(ctx, store.KindGroup, g.ID, store.OpPut,
		`UPDATE groups SET name = ?, name_key = ?, comments = ?, update_date = ? WHERE id = ?`,
		g.Name, nameKey(g.Name), g.Comments, unixTime(g.UpdateDate), g.ID)
	if err != nil {
		return fmt.Errorf("update group %s (%q): %w", g.ID, g.Name, err)
	}
	return nil
}

func (w *writer) DeleteGroup(ctx context.Context, id string) error {
	if err := w.change(ctx, store.KindGroup, id, store.OpDelete, `DELETE FROM groups WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete group %s: %w", id, err)
	}
	return nil
}

func (w *writer) AddUserToGroup(ctx context.Context, m store.Membership) error {
	err := w.change(ctx, store.KindGroupMember, store.GroupMemberKey(m.GroupID, m.UserID), store.OpPut,
		`INSERT INTO group_members (group_id, user_id, join_date) VALUES (?, ?, ?)`,
		m.GroupID, m.UserID, unixTime(m.JoinDate))
	if err != nil {
		return fmt.Errorf("add user %s to group %s: %w", m.UserID, m.GroupID, err)
	}
	return nil
}

func (w *writer) RemoveUserFromGroup(ctx context.Context, groupID, userID string) error {
	err := w.change(ctx, store.KindGroupMember, store.GroupMemberKey(groupID, userID), store.OpDelete,
		`DELETE FROM group_members WHERE group_id = ? AND user_id = ?`, groupID, userID)
	if err != nil {
		return fmt.Errorf("remove user %s from group %s: %w", userID, groupID, err)
	}
	return nil
}
