package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/rampart-iam/rampart/internal/store"
)

const attachmentColumns = `policy_type, policy_name, principal_type, principal_id, resource_group_id, attach_date`

func scanAttachment(s scanner) (store.Attachment, error) {
	var a store.Attachment
	err := s.Scan(&a.PolicyType, &a.PolicyName, &a.PrincipalType, &a.PrincipalID,
		scanString(&a.ResourceGroupID), scanTime(&a.AttachDate))
	return a, err
}

// attachmentWhere turns a filter into a WHERE clause (with a leading " WHERE " when not empty).
func attachmentWhere(f store.AttachmentFilter) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if f.PolicyType != "" {
		add("policy_type = ?", f.PolicyType)
	}
	if f.PolicyName != "" {
		add("policy_key = ?", nameKey(f.PolicyName))
	}
	if f.PrincipalType != "" {
		add("principal_type = ?", f.PrincipalType)
	}
	if f.PrincipalID != "" {
		add("principal_id = ?", f.PrincipalID)
	}
	if f.ResourceGroupID != nil {
		if *f.ResourceGroupID == "" {
			conds = append(conds, "resource_group_id IS NULL")
		} else {
			add("resource_group_id = ?", *f.ResourceGroupID)
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func (r *reader) ListAttachments(ctx context.Context, f store.AttachmentFilter) ([]store.Attachment, error) {
	where, args := attachmentWhere(f)
	as, err := list(ctx, r, scanAttachment, `SELECT `+attachmentColumns+` FROM attachments`+where+
		` ORDER BY policy_type, policy_key, principal_type, principal_id, COALESCE(resource_group_id, '')`, args...)
	if err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	return as, nil
}

func (r *reader) CountAttachments(ctx context.Context, f store.AttachmentFilter) (int, error) {
	where, args := attachmentWhere(f)
	n, err := count(ctx, r, `SELECT COUNT(*) FROM attachments`+where, args...)
	if err != nil {
		return 0, fmt.Errorf("count attachments: %w", err)
	}
	return n, nil
}

// CountAttachmentsByPolicy groups the attachments of the policies asked for by policy, with one
// "policy_type = ? AND policy_key IN (...)" term per policy type so that attachments_key, which
// leads with both columns, serves the query.
func (r *reader) CountAttachmentsByPolicy(ctx context.Context, ps []store.PolicyID) ([]int, error) {
	if r.err != nil {
		return nil, r.err
	}
	counts := make([]int, len(ps))
	if len(ps) == 0 {
		return counts, nil
	}
	type policyKey struct{ typ, key string }
	var types []string
	keys := make(map[string][]any) // policy type -> its policy keys, as query arguments
	for _, p := range ps {
		if _, ok := keys[p.Type]; !ok {
			types = append(types, p.Type)
		}
		keys[p.Type] = append(keys[p.Type], nameKey(p.Name))
	}
	var terms []string
	var args []any
	for _, t := range types {
		terms = append(terms, "(policy_type = ? AND policy_key IN (?"+strings.Repeat(", ?", len(keys[t])-1)+"))")
		args = append(append(args, t), keys[t]...)
	}
	type policyCount struct {
		policyKey
		n int
	}
	rows, err := list(ctx, r, func(s scanner) (policyCount, error) {
		var c policyCount
		err := s.Scan(&c.typ, &c.key, &c.n)
		return c, err
	}, `SELECT policy_type, policy_key, COUNT(*) FROM attachments WHERE `+strings.Join(terms, " OR ")+
		` GROUP BY policy_type, policy_key`, args...)
	if err != nil {
		return nil, fmt.Errorf("count attachments of %d policies: %w", len(ps), err)
	}
	byPolicy := make(map[policyKey]int, len(rows))
	for _, c := range rows {
		byPolicy[c.policyKey] = c.n
	}
	for i, p := range ps {
		counts[i] = byPolicy[policyKey{p.Type, nameKey(p.Name)}]
	}
	return counts, nil
}

func (w *writer) Attach(ctx context.Context, a store.Attachment) error {
	// The typed reference columns let foreign keys guard the principal, the custom policy and the
	// resource group; exactly one principal column is set.
	var custom, userID, groupID, roleID any
	if a.PolicyType == store.PolicyTypeCustom {
		custom = nameKey(a.PolicyName)
	}
	switch a.PrincipalType {
	case store.PrincipalUser:
		userID = a.PrincipalID
	case store.PrincipalGroup:
		groupID = a.PrincipalID
	case store.PrincipalRole:
		roleID = a.PrincipalID
	default:
		return fmt.Errorf("attach policy %q: unknown principal type %q", a.PolicyName, a.PrincipalType)
	}
	err := w.change(ctx, store.KindAttachment, store.AttachmentKey(a), store.OpPut, `INSERT INTO attachments
		(policy_type, policy_key, policy_name, custom_policy_key, principal_type, principal_id,
		 user_id, group_id, role_id, resource_group_id, attach_date)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.PolicyType, nameKey(a.PolicyName), a.PolicyName, custom, a.PrincipalType, a.PrincipalID,
		userID, groupID, roleID, nullable(a.ResourceGroupID), unixTime(a.AttachDate))
	if err != nil {
		return fmt.Errorf("attach %s policy %q to %s %s: %w", a.PolicyType, a.PolicyName, a.PrincipalType, a.PrincipalID, err)
	}
	return nil
}

func (w *writer) Detach(ctx context.Context, a store.Attachment) error {
	err := w.change(ctx, store.KindAttachment, store.AttachmentKey(a), store.OpDelete, `DELETE FROM attachments
		WHERE policy_type = ? AND policy_key = ? AND principal_type = ? AND principal_id = ?
		AND COALESCE(resource_group_id, '') = ?`,
		a.PolicyType, nameKey(a.PolicyName), a.PrincipalType, a.PrincipalID, a.ResourceGroupID)
	if err != nil {
		return fmt.Errorf("detach %s policy %q from %s %s: %w", a.PolicyType, a.PolicyName, a.PrincipalType, a.PrincipalID, err)
	}
	return nil
}
