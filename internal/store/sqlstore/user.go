package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/store"
)

const userColumns = `id, name, display_name, email, mobile_phone, comments, create_date, update_date, last_login_date`

func scanUser(s scanner) (store.User, error) {
	var u store.User
	err := s.Scan(&u.ID, &u.Name, &u.DisplayName, &u.Email, &u.MobilePhone, &u.Comments,
		scanTime(&u.CreateDate), scanTime(&u.UpdateDate), scanTime(&u.LastLoginDate))
	return u, err
}

func userKey(u store.User) string { return nameKey(u.Name) }

func (r *reader) GetUser(ctx context.Context, id string) (store.User, error) {
	u, err := one(ctx, r, scanUser, qUserByID, id)
	if err != nil {
		return store.User{}, fmt.Errorf("get user %s: %w", id, err)
	}
	return u, nil
}

func (r *reader) GetUserByName(ctx context.Context, name string) (store.User, error) {
	u, err := one(ctx, r, scanUser, qUserByName, nameKey(name))
	if err != nil {
		return store.User{}, fmt.Errorf("get user %q: %w", name, err)
	}
	return u, nil
}

func (r *reader) ListUsers(ctx context.Context, p store.Page) ([]store.User, string, error) {
	p.Marker = strings.ToLower(p.Marker)
	users, next, err := page(ctx, r, p, scanUser, userKey,
		`SELECT `+userColumns+` FROM users WHERE name_key > ? ORDER BY name_key LIMIT ?`)
	if err != nil {
		return nil, "", fmt.Errorf("list users: %w", err)
	}
	return users, next, nil
}

func (r *reader) CountUsers(ctx context.Context) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM users`)
	if err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}

func (w *writer) CreateUser(ctx context.Context, u store.User) error {
	err := w.change(ctx, store.KindUser, u.ID, store.OpPut, `INSERT INTO users
		(id, name, name_key, display_name, email, mobile_phone, comments, create_date, update_date, last_login_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Name, nameKey(u.Name), u.DisplayName, u.Email, u.MobilePhone, u.Comments,
		unixTime(u.CreateDate), unixTime(u.UpdateDate), unixTime(u.LastLoginDate))
	if err != nil {
		return fmt.Errorf("create user %q: %w", u.Name, err)
	}
	return nil
}

func (w *writer) UpdateUser(ctx context.Context, u store.User) error {
	err := w.change(ctx, store.KindUser, u.ID, store.OpPut, `UPDATE users SET
		name = ?, name_key = ?, display_name = ?, email = ?, mobile_phone = ?, comments = ?,
		update_date = ?
		WHERE id = ?`,
		u.Name, nameKey(u.Name), u.DisplayName, u.Email, u.MobilePhone, u.Comments,
		unixTime(u.UpdateDate), u.ID)
	if err != nil {
		return fmt.Errorf("update user %s (%q): %w", u.ID, u.Name, err)
	}
	return nil
}

func (w *writer) DeleteUser(ctx context.Context, id string) error {
	if err := w.change(ctx, store.KindUser, id, store.OpDelete, `DELETE FROM users WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete user %s: %w", id, err)
	}
	return nil
}
