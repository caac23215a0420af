package sqlstore

import (
	"context"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

const mfaColumns = `serial_number, seed_ciphertext, user_id, create_date, activate_date, last_time_step`

func scanMFADevice(s scanner) (store.VirtualMFADevice, error) {
	var d store.VirtualMFADevice
	err := s.Scan(&d.SerialNumber, &d.SeedCiphertext, scanString(&d.UserID),
		scanTime(&d.CreateDate), scanTime(&d.ActivateDate), &d.LastTimeStep)
	return d, err
}

func (r *reader) GetMFADevice(ctx context.Context, serialNumber string) (store.VirtualMFADevice, error) {
	d, err := one(ctx, r, scanMFADevice, `SELECT `+mfaColumns+` FROM mfa_devices WHERE serial_number = ?`, serialNumber)
	if err != nil {
		return store.VirtualMFADevice{}, fmt.Errorf("get MFA device %s: %w", serialNumber, err)
	}
	return d, nil
}

func (r *reader) GetMFADeviceForUser(ctx context.Context, userID string) (store.VirtualMFADevice, error) {
	d, err := one(ctx, r, scanMFADevice, `SELECT `+mfaColumns+` FROM mfa_devices WHERE user_id = ?`, userID)
	if err != nil {
		return store.VirtualMFADevice{}, fmt.Errorf("get MFA device of user %s: %w", userID, err)
	}
	return d, nil
}

func (r *reader) ListMFADevices(ctx context.Context, p store.Page) ([]store.VirtualMFADevice, string, error) {
	ds, next, err := page(ctx, r, p, scanMFADevice, func(d store.VirtualMFADevice) string { return d.SerialNumber },
		`SELECT `+mfaColumns+` FROM mfa_devices WHERE serial_number > ? ORDER BY serial_number LIMIT ?`)
	if err != nil {
		return nil, "", fmt.Errorf("list MFA devices: %w", err)
	}
	return ds, next, nil
}

func (r *reader) CountMFADevices(ctx context.Context) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM mfa_devices`)
	if err != nil {
		return 0, fmt.Errorf("count MFA devices: %w", err)
	}
	return n, nil
}

func (w *writer) CreateMFADevice(ctx context.Context, d store.VirtualMFADevice) error {
	err := w.change(ctx, store.KindMFADevice, d.SerialNumber, store.OpPut, `INSERT INTO mfa_devices (`+mfaColumns+`)
		VALUES (?, ?, ?, ?, ?, ?)`,
		d.SerialNumber, d.SeedCiphertext, nullable(d.UserID), unixTime(d.CreateDate), unixTime(d.ActivateDate), d.LastTimeStep)
	if err != nil {
		return fmt.Errorf("create MFA device %s: %w", d.SerialNumber, err)
	}
	return nil
}

func (w *writer) UpdateMFADevice(ctx context.Context, d store.VirtualMFADevice) error {
	err := w.change(ctx, store.KindMFADevice, d.SerialNumber, store.OpPut,
		`UPDATE mfa_devices SET user_id = ?, activate_date = ?, last_time_step = ? WHERE serial_number = ?`,
		nullable(d.UserID), unixTime(d.ActivateDate), d.LastTimeStep, d.SerialNumber)
	if err != nil {
		return fmt.Errorf("update MFA device %s: %w", d.SerialNumber, err)
	}
	return nil
}

func (w *writer) DeleteMFADevice(ctx context.Context, serialNumber string) error {
	err := w.change(ctx, store.KindMFADevice, serialNumber, store.OpDelete, `DELETE FROM mfa_devices WHERE serial_number = ?`, serialNumber)
	if err != nil {
		return fmt.Errorf("delete MFA device %s: %w", serialNumber, err)
	}
	return nil
}
