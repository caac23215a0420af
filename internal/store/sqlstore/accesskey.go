package sqlstore

import (
	"context"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

const accessKeyColumns = `id, user_id, secret_ciphertext, status, create_date, last_used_date`

func scanAccessKey(s scanner) (store.AccessKey, error) {
	var k store.AccessKey
	err := s.Scan(&k.ID, scanString(&k.UserID), &k.SecretCiphertext, &k.Status,
		scanTime(&k.CreateDate), scanTime(&k.LastUsedDate))
	return k, err
}

// ownerIs matches a key's owner: the root identity's keys have no user.
func ownerIs(userID string) (string, []any) {
	if userID == "" {
		return "user_id IS NULL", nil
	}
	return "user_id = ?", []any{userID}
}

func (r *reader) GetAccessKey(ctx context.Context, id string) (store.AccessKey, error) {
	k, err := one(ctx, r, scanAccessKey, qAccessKeyByID, id)
	if err != nil {
		return store.AccessKey{}, fmt.Errorf("get access key %s: %w", id, err)
	}
	return k, nil
}

func (r *reader) ListAccessKeys(ctx context.Context, userID string) ([]store.AccessKey, error) {
	cond, args := ownerIs(userID)
	ks, err := list(ctx, r, scanAccessKey, `SELECT `+accessKeyColumns+` FROM access_keys WHERE `+cond+` ORDER BY create_date, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list access keys of user %q: %w", userID, err)
	}
	return ks, nil
}

func (r *reader) CountAccessKeys(ctx context.Context, userID string) (int, error) {
	cond, args := ownerIs(userID)
	n, err := count(ctx, r, `SELECT COUNT(*) FROM access_keys WHERE `+cond, args...)
	if err != nil {
		return 0, fmt.Errorf("count access keys of user %q: %w", userID, err)
	}
	return n, nil
}

// GetAccessKey, in an Update, holds the key's row until the Update ends, for the reason
// writer.GetLoginProfile does: TouchAccessKey moves its last-used date outside any Update, and
// an UpdateAccessKey writing back a key read before the touch would move the date back.
func (w *writer) GetAccessKey(ctx context.Context, id string) (store.AccessKey, error) {
	k, err := one(ctx, w.reader, scanAccessKey, qAccessKeyByID+w.d.lockRow, id)
	if err != nil {
		return store.AccessKey{}, fmt.Errorf("get access key %s: %w", id, err)
	}
	return k, nil
}

func (w *writer) CreateAccessKey(ctx context.Context, k store.AccessKey) error {
	err := w.change(ctx, store.KindAccessKey, k.ID, store.OpPut, `INSERT INTO access_keys
		(id, user_id, secret_ciphertext, status, create_date, last_used_date) VALUES (?, ?, ?, ?, ?, ?)`,
		k.ID, nullable(k.UserID), k.SecretCiphertext, k.Status, unixTime(k.CreateDate), unixTime(k.LastUsedDate))
	if err != nil {
		return fmt.Errorf("create access key %s: %w", k.ID, err)
	}
	return nil
}

func (w *writer) UpdateAccessKey(ctx context.Context, k store.AccessKey) error {
	err := w.change(ctx, store.KindAccessKey, k.ID, store.OpPut,
		`UPDATE access_keys SET status = ?, last_used_date = ? WHERE id = ?`, k.Status, unixTime(k.LastUsedDate), k.ID)
	if err != nil {
		return fmt.Errorf("update access key %s: %w", k.ID, err)
	}
	return nil
}

func (w *writer) DeleteAccessKey(ctx context.Context, id string) error {
	if err := w.change(ctx, store.KindAccessKey, id, store.OpDelete, `DELETE FROM access_keys WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete access key %s: %w", id, err)
	}
	return nil
}
