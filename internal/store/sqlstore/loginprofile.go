package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

const loginProfileColumns = `user_id, password_hash, password_reset_required, mfa_bind_required,
	create_date, update_date, password_change_date, failed_attempts, failed_since, locked_until, password_history`

func scanLoginProfile(s scanner) (store.LoginProfile, error) {
	var p store.LoginProfile
	var history string
	err := s.Scan(&p.UserID, &p.PasswordHash, &p.PasswordResetRequired, &p.MFABindRequired,
		scanTime(&p.CreateDate), scanTime(&p.UpdateDate), scanTime(&p.PasswordChangeDate),
		&p.FailedAttempts, scanTime(&p.FailedSince), scanTime(&p.LockedUntil), &history)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(history), &p.PasswordHistory); err != nil {
		return p, fmt.Errorf("stored password history of user %s: %w", p.UserID, err)
	}
	if len(p.PasswordHistory) == 0 {
		p.PasswordHistory = nil
	}
	return p, nil
}

// passwordHistory is the stored form of a password history: a JSON array of PHC strings.
func passwordHistory(h []string) string {
	if h == nil {
		h = []string{}
	}
	b, _ := json.Marshal(h) // a []string always marshals
	return string(b)
}

const qLoginProfileByUser = `SELECT ` + loginProfileColumns + ` FROM login_profiles WHERE user_id = ?`

func (r *reader) GetLoginProfile(ctx context.Context, userID string) (store.LoginProfile, error) {
	p, err := one(ctx, r, scanLoginProfile, qLoginProfileByUser, userID)
	if err != nil {
		return store.LoginProfile{}, fmt.Errorf("get login profile of user %s: %w", userID, err)
	}
	return p, nil
}

// GetLoginProfile, in an Update, holds the profile's row until the Update ends. The sign-in
// counters change it outside any Update (RecordLoginFailure, RecordLoginSuccess), and on
// PostgreSQL one could commit between this read and an UpdateLoginProfile writing the profile
// back, which would undo it: a failure uncounted, the lock it set lifted. Holding the row makes
// the counter wait for the Update instead, as the write slot does on SQLite.
func (w *writer) GetLoginProfile(ctx context.Context, userID string) (store.LoginProfile, error) {
	p, err := one(ctx, w.reader, scanLoginProfile, qLoginProfileByUser+w.d.lockRow, userID)
	if err != nil {
		return store.LoginProfile{}, fmt.Errorf("get login profile of user %s: %w", userID, err)
	}
	return p, nil
}

func (w *writer) CreateLoginProfile(ctx context.Context, p store.LoginProfile) error {
	err := w.change(ctx, store.KindLoginProfile, p.UserID, store.OpPut, `INSERT INTO login_profiles (`+loginProfileColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.UserID, p.PasswordHash, p.PasswordResetRequired, p.MFABindRequired,
		unixTime(p.CreateDate), unixTime(p.UpdateDate), unixTime(p.PasswordChangeDate),
		p.FailedAttempts, unixTime(p.FailedSince), unixTime(p.LockedUntil), passwordHistory(p.PasswordHistory))
	if err != nil {
		return fmt.Errorf("create login profile of user %s: %w", p.UserID, err)
	}
	return nil
}

func (w *writer) UpdateLoginProfile(ctx context.Context, p store.LoginProfile) error {
	err := w.change(ctx, store.KindLoginProfile, p.UserID, store.OpPut, `UPDATE login_profiles SET
		password_hash = ?, password_reset_required = ?, mfa_bind_required = ?, update_date = ?,
		password_change_date = ?, failed_attempts = ?, failed_since = ?, locked_until = ?, password_history = ?
		WHERE user_id = ?`,
		p.PasswordHash, p.PasswordResetRequired, p.MFABindRequired, unixTime(p.UpdateDate),
		unixTime(p.PasswordChangeDate), p.FailedAttempts, unixTime(p.FailedSince), unixTime(p.LockedUntil),
		passwordHistory(p.PasswordHistory), p.UserID)
	if err != nil {
		return fmt.Errorf("update login profile of user %s: %w", p.UserID, err)
	}
	return nil
}

func (w *writer) DeleteLoginProfile(ctx context.Context, userID string) error {
	err := w.change(ctx, store.KindLoginProfile, userID, store.OpDelete, `DELETE FROM login_profiles WHERE user_id = ?`, userID)
	if err != nil {
		return fmt.Errorf("delete login profile of user %s: %w", userID, err)
	}
	return nil
}
