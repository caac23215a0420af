package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rampart-iam/rampart/internal/store"
)

// Per-request state, outside Update: each method is one conditional statement (or two
// independent ones), atomic across every process sharing the database, with no revision bump and
// no change-log entry, because none of it is part of the authorization snapshot.

func (db *DB) exec(ctx context.Context, q string, args ...any) (int64, error) {
	if db.closed.Load() {
		return 0, store.ErrClosed
	}
	unlock, err := db.lockWrites(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	res, err := db.sql.ExecContext(ctx, db.d.rebind(q), args...)
	if err != nil {
		return 0, db.fail(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, db.fail(err)
	}
	return n, nil
}

// present reports whether a row exists, to tell "not found" from "condition not met" after a
// conditional UPDATE touched nothing.
func (db *DB) present(ctx context.Context, q string, args ...any) (bool, error) {
	var one int
	err := db.sql.QueryRowContext(ctx, db.d.rebind(q), args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, db.fail(err)
	}
	return true, nil
}

// UseMFATimeStep accepts a TOTP time step only once per device. See store.Store.
func (db *DB) UseMFATimeStep(ctx context.Context, serialNumber string, step int64) error {
	n, err := db.exec(ctx, `UPDATE mfa_devices SET last_time_step = ? WHERE serial_number = ? AND last_time_step < ?`,
		step, serialNumber, step)
	if err == nil && n == 0 {
		err = store.ErrExists
		if ok, perr := db.present(ctx, `SELECT 1 FROM mfa_devices WHERE serial_number = ?`, serialNumber); perr != nil {
			err = perr
		} else if !ok {
			err = store.ErrNotFound
		}
	}
	if err != nil {
		return fmt.Errorf("use time step of MFA device %s: %w", serialNumber, err)
	}
	return nil
}

// TouchAccessKey moves a key's last-used date forward. See store.Store.
func (db *DB) TouchAccessKey(ctx context.Context, accessKeyID string, at time.Time) error {
	n, err := db.exec(ctx, `UPDATE access_keys SET last_used_date = ?
		WHERE id = ? AND (last_used_date IS NULL OR last_used_date < ?)`, at.Unix(), accessKeyID, at.Unix())
	if err == nil && n == 0 {
		if ok, perr := db.present(ctx, `SELECT 1 FROM access_keys WHERE id = ?`, accessKeyID); perr != nil {
			err = perr
		} else if !ok {
			err = store.ErrNotFound
		}
	}
	if err != nil {
		return fmt.Errorf("touch access key %s: %w", accessKeyID, err)
	}
	return nil
}

// RecordLoginSuccess stamps the user's last login and clears failures. See store.Store. The two
// statements are independent on purpose: neither needs the other, and holding one row lock while
// taking another could deadlock against an Update on PostgreSQL.
func (db *DB) RecordLoginSuccess(ctx context.Context, userID string, at time.Time) error {
	n, err := db.exec(ctx, `UPDATE users SET last_login_date = ? WHERE id = ?`, at.Unix(), userID)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	if err == nil {
		_, err = db.exec(ctx, `UPDATE login_profiles SET failed_attempts = 0, failed_since = NULL, locked_until = NULL WHERE user_id = ?`, userID)
	}
	if err != nil {
		return fmt.Errorf("record login of user %s: %w", userID, err)
	}
	return nil
}

// RecordLoginFailure counts a failed password within its window and locks at the threshold. See
// store.Store.
func (db *DB) RecordLoginFailure(ctx context.Context, userID string, at time.Time, window time.Duration, threshold int, lockUntil time.Time) (store.LoginProfile, error) {
	if db.closed.Load() {
		return store.LoginProfile{}, fmt.Errorf("record login failure of user %s: %w", userID, store.ErrClosed)
	}
	unlock, err := db.lockWrites(ctx)
	if err != nil {
		return store.LoginProfile{}, fmt.Errorf("record login failure of user %s: %w", userID, err)
	}
	defer unlock()
	// Every right-hand side reads the row as it was before this UPDATE, on both backends. counted
	// is how many failures this one adds to: none when the first of them is older than cutoff
	// (or there is none: failed_since is NULL).
	const counted = `CASE WHEN failed_since >= ? THEN failed_attempts ELSE 0 END`
	const locks = `? > 0 AND ` + counted + ` + 1 >= ?`
	cutoff := at.Add(-window).Unix()
	row := db.sql.QueryRowContext(ctx, db.d.rebind(`UPDATE login_profiles SET
		failed_attempts = CASE WHEN `+locks+` THEN 0 ELSE `+counted+` + 1 END,
		failed_since = CASE WHEN `+locks+` THEN NULL WHEN `+counted+` = 0 THEN ? ELSE failed_since END,
		locked_until = CASE WHEN `+locks+` THEN ? ELSE locked_until END
		WHERE user_id = ? RETURNING `+loginProfileColumns),
		threshold, cutoff, threshold, cutoff,
		threshold, cutoff, threshold, cutoff, at.Unix(),
		threshold, cutoff, threshold, lockUntil.Unix(), userID)
	p, err := scanLoginProfile(row)
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	} else if err != nil {
		err = db.fail(err)
	}
	if err != nil {
		return store.LoginProfile{}, fmt.Errorf("record login failure of user %s: %w", userID, err)
	}
	return p, nil
}

// AppendAudit appends an audit record outside any Update. See store.Store. On SQLite it waits
// for the process's write slot like every other write; the ID comes from the same sequence as
// records appended inside Updates, so IDs keep increasing in commit order.
func (db *DB) AppendAudit(ctx context.Context, a store.AuditRecord) (int64, error) {
	if db.closed.Load() {
		return 0, fmt.Errorf("append audit record %s %s: %w", a.Action, a.RequestID, store.ErrClosed)
	}
	unlock, err := db.lockWrites(ctx)
	if err != nil {
		return 0, fmt.Errorf("append audit record %s %s: %w", a.Action, a.RequestID, err)
	}
	defer unlock()
	var id int64
	if err := db.sql.QueryRowContext(ctx, db.d.rebind(auditInsert), auditArgs(a)...).Scan(&id); err != nil {
		return 0, fmt.Errorf("append audit record %s %s: %w", a.Action, a.RequestID, db.fail(err))
	}
	return id, nil
}
