package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/store"
)

const auditColumns = `id, time, request_id, principal_arn, action, target, result, source_ip, detail`

func scanAudit(s scanner) (store.AuditRecord, error) {
	var a store.AuditRecord
	err := s.Scan(&a.ID, scanTime(&a.Time), &a.RequestID, &a.PrincipalARN, &a.Action, &a.Target,
		&a.Result, &a.SourceIP, &a.Detail)
	return a, err
}

func (r *reader) ListAudit(ctx context.Context, q store.AuditQuery) ([]store.AuditRecord, error) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if q.PrincipalARN != "" {
		add("principal_arn = ?", q.PrincipalARN)
	}
	if q.Action != "" {
		add("action = ?", q.Action)
	}
	if q.Result != "" {
		add("result = ?", q.Result)
	}
	if !q.Since.IsZero() {
		add("time >= ?", q.Since.Unix())
	}
	if !q.Until.IsZero() {
		add("time < ?", q.Until.Unix())
	}
	if q.BeforeID > 0 {
		add("id < ?", q.BeforeID)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	limit := noLimit
	if q.Limit > 0 {
		limit = int64(q.Limit)
	}
	recs, err := list(ctx, r, scanAudit, `SELECT `+auditColumns+` FROM audit_log`+where+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list audit records: %w", err)
	}
	return recs, nil
}

// auditInsert appends one record and returns its ID.
const auditInsert = `INSERT INTO audit_log (time, request_id, principal_arn, action, target, result, source_ip, detail)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

func auditArgs(a store.AuditRecord) []any {
	return []any{unixTime(a.Time), a.RequestID, a.PrincipalARN, a.Action, a.Target, a.Result, a.SourceIP, a.Detail}
}

// AppendAudit stores an audit record. The trail is not part of the change log: nothing is
// derived from it, and it only grows.
func (w *writer) AppendAudit(ctx context.Context, a store.AuditRecord) (int64, error) {
	id, err := one(ctx, w.reader, func(s scanner) (int64, error) {
		var id int64
		err := s.Scan(&id)
		return id, err
	}, auditInsert, auditArgs(a)...)
	if err != nil {
		return 0, fmt.Errorf("append audit record %s %s: %w", a.Action, a.RequestID, err)
	}
	return id, nil
}
