package sqlstore

import (
	"context"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

const accountColumns = `id, alias, create_date,
	pw_minimum_length, pw_require_lowercase, pw_require_uppercase, pw_require_numbers,
	pw_require_symbols, pw_hard_expiry, pw_max_age, pw_reuse_prevention, pw_max_login_attempts,
	sp_enable_save_mfa_ticket, sp_allow_change_password, sp_allow_manage_access_keys,
	sp_allow_manage_public_keys, sp_allow_manage_mfa_devices, sp_login_session_duration,
	sp_login_network_masks, root_password_hash`

func scanAccount(s scanner) (store.Account, error) {
	var a store.Account
	pp, sp := &a.PasswordPolicy, &a.SecurityPreference
	err := s.Scan(&a.ID, &a.Alias, scanTime(&a.CreateDate),
		&pp.MinimumPasswordLength, &pp.RequireLowercaseCharacters, &pp.RequireUppercaseCharacters,
		&pp.RequireNumbers, &pp.RequireSymbols, &pp.HardExpiry, &pp.MaxPasswordAge,
		&pp.PasswordReusePrevention, &pp.MaxLoginAttempts,
		&sp.EnableSaveMFATicket, &sp.AllowUserToChangePassword, &sp.AllowUserToManageAccessKeys,
		&sp.AllowUserToManagePublicKeys, &sp.AllowUserToManageMFADevices, &sp.LoginSessionDuration,
		&sp.LoginNetworkMasks, &a.RootPasswordHash)
	return a, err
}

// accountSettings lists the account's mutable columns in accountColumns order, after create_date.
func accountSettings(a store.Account) []any {
	pp, sp := a.PasswordPolicy, a.SecurityPreference
	return []any{
		pp.MinimumPasswordLength, pp.RequireLowercaseCharacters, pp.RequireUppercaseCharacters,
		pp.RequireNumbers, pp.RequireSymbols, pp.HardExpiry, pp.MaxPasswordAge,
		pp.PasswordReusePrevention, pp.MaxLoginAttempts,
		sp.EnableSaveMFATicket, sp.AllowUserToChangePassword, sp.AllowUserToManageAccessKeys,
		sp.AllowUserToManagePublicKeys, sp.AllowUserToManageMFADevices, sp.LoginSessionDuration,
		sp.LoginNetworkMasks, a.RootPasswordHash,
	}
}

func (r *reader) GetAccount(ctx context.Context) (store.Account, error) {
	a, err := one(ctx, r, scanAccount, `SELECT `+accountColumns+` FROM accounts`)
	if err != nil {
		return store.Account{}, fmt.Errorf("get account: %w", err)
	}
	return a, nil
}

func (w *writer) CreateAccount(ctx context.Context, a store.Account) error {
	args := append([]any{a.ID, a.Alias, unixTime(a.CreateDate)}, accountSettings(a)...)
	err := w.change(ctx, store.KindAccount, a.ID, store.OpPut,
		`INSERT INTO accounts (`+accountColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	if err != nil {
		return fmt.Errorf("create account %s: %w", a.ID, err)
	}
	return nil
}

func (w *writer) UpdateAccount(ctx context.Context, a store.Account) error {
	args := append([]any{a.Alias}, accountSettings(a)...)
	err := w.change(ctx, store.KindAccount, a.ID, store.OpPut, `UPDATE accounts SET alias = ?,
		pw_minimum_length = ?, pw_require_lowercase = ?, pw_require_uppercase = ?,
		pw_require_numbers = ?, pw_require_symbols = ?, pw_hard_expiry = ?, pw_max_age = ?,
		pw_reuse_prevention = ?, pw_max_login_attempts = ?,
		sp_enable_save_mfa_ticket = ?, sp_allow_change_password = ?, sp_allow_manage_access_keys = ?,
		sp_allow_manage_public_keys = ?, sp_allow_manage_mfa_devices = ?, sp_login_session_duration = ?,
		sp_login_network_masks = ?, root_password_hash = ?
		WHERE id = ?`, append(args, a.ID)...)
	if err != nil {
		return fmt.Errorf("update account %s: %w", a.ID, err)
	}
	return nil
}
