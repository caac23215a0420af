package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/rampart-iam/rampart/internal/store"
)

const policyColumns = `name, description, default_version, create_date, update_date`

func scanPolicy(s scanner) (store.Policy, error) {
	var p store.Policy
	err := s.Scan(&p.Name, &p.Description, &p.DefaultVersion, scanTime(&p.CreateDate), scanTime(&p.UpdateDate))
	return p, err
}

// Versions are stored by number; VersionID is "v" and the number.
const versionColumns = `p.name, v.version, v.document, v.create_date`

func scanVersion(s scanner) (store.PolicyVersion, error) {
	var v store.PolicyVersion
	var n int64
	err := s.Scan(&v.PolicyName, &n, &v.Document, scanTime(&v.CreateDate))
	v.VersionID = versionID(n)
	return v, err
}

func versionID(n int64) string { return "v" + strconv.FormatInt(n, 10) }

// versionNumber parses a VersionID; ok is false for anything but "v" and a positive number.
func versionNumber(id string) (n int64, ok bool) {
	digits, found := strings.CutPrefix(id, "v")
	n, err := strconv.ParseInt(digits, 10, 64)
	return n, found && err == nil && n > 0 && versionID(n) == id
}

func (r *reader) GetPolicy(ctx context.Context, name string) (store.Policy, error) {
	p, err := one(ctx, r, scanPolicy, `SELECT `+policyColumns+` FROM policies WHERE name_key = ?`, nameKey(name))
	if err != nil {
		return store.Policy{}, fmt.Errorf("get policy %q: %w", name, err)
	}
	return p, nil
}

func (r *reader) ListPolicies(ctx context.Context, p store.Page) ([]store.Policy, string, error) {
	p.Marker = strings.ToLower(p.Marker)
	policies, next, err := page(ctx, r, p, scanPolicy, func(p store.Policy) string { return nameKey(p.Name) },
		`SELECT `+policyColumns+` FROM policies WHERE name_key > ? ORDER BY name_key LIMIT ?`)
	if err != nil {
		return nil, "", fmt.Errorf("list policies: %w", err)
	}
	return policies, next, nil
}

func (r *reader) CountPolicies(ctx context.Context) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM policies`)
	if err != nil {
		return 0, fmt.Errorf("count policies: %w", err)
	}
	return n, nil
}

func (r *reader) GetPolicyVersion(ctx context.Context, policyName, versionID string) (store.PolicyVersion, error) {
	n, ok := versionNumber(versionID)
	if !ok {
		return store.PolicyVersion{}, fmt.Errorf("get policy %q version %q: %w", policyName, versionID, store.ErrNotFound)
	}
	v, err := one(ctx, r, scanVersion, `SELECT `+versionColumns+`
		FROM policy_versions v JOIN policies p ON p.name_key = v.policy_key
		WHERE v.policy_key = ? AND v.version = ?`, nameKey(policyName), n)
	if err != nil {
		return store.PolicyVersion{}, fmt.Errorf("get policy %q version %s: %w", policyName, versionID, err)
	}
	return v, nil
}

func (r *reader) ListPolicyVersions(ctx context.Context, policyName string) ([]store.PolicyVersion, error) {
	vs, err := list(ctx, r, scanVersion, `SELECT `+versionColumns+`
		FROM policy_versions v JOIN policies p ON p.name_key = v.policy_key
		WHERE v.policy_key = ? ORDER BY v.version`, nameKey(policyName))
	if err != nil {
		return nil, fmt.Errorf("list versions of policy %q: %w", policyName, err)
	}
	return vs, nil
}

func (r *reader) CountPolicyVersions(ctx context.Context, policyName string) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM policy_versions WHERE policy_key = ?`, nameKey(policyName))
	if err != nil {
		return 0, fmt.Errorf("count versions of policy %q: %w", policyName, err)
	}
	return n, nil
}

func (w *writer) CreatePolicy(ctx context.Context, p store.Policy) error {
	err := w.change(ctx, store.KindPolicy, nameKey(p.Name), store.OpPut, `INSERT INTO policies
		(name_key, name, description, default_version, create_date, update_date) VALUES (?, ?, ?, ?, ?, ?)`,
		nameKey(p.Name), p.Name, p.Description, p.DefaultVersion, unixTime(p.CreateDate), unixTime(p.UpdateDate))
	if err != nil {
		return fmt.Errorf("create policy %q: %w", p.Name, err)
	}
	return nil
}

func (w *writer) UpdatePolicy(ctx context.Context, p store.Policy) error {
	err := w.change(ctx, store.KindPolicy, nameKey(p.Name), store.OpPut,
		`UPDATE policies SET description = ?, default_version = ?, update_date = ? WHERE name_key = ?`,
		p.Description, p.DefaultVersion, unixTime(p.UpdateDate), nameKey(p.Name))
	if err != nil {
		return fmt.Errorf("update policy %q: %w", p.Name, err)
	}
	return nil
}

func (w *writer) DeletePolicy(ctx context.Context, name string) error {
	err := w.change(ctx, store.KindPolicy, nameKey(name), store.OpDelete, `DELETE FROM policies WHERE name_key = ?`, nameKey(name))
	if err != nil {
		return fmt.Errorf("delete policy %q: %w", name, err)
	}
	return nil
}

func (w *writer) CreatePolicyVersion(ctx context.Context, v store.PolicyVersion) (store.PolicyVersion, error) {
	// Take the policy's next version number. The counter only grows, so a deleted version's ID is
	// never handed out again; it is bookkeeping, not a change anyone reads, so it is not logged.
	type next struct {
		name string
		n    int64
	}
	got, err := one(ctx, w.reader, func(s scanner) (next, error) {
		var x next
		err := s.Scan(&x.name, &x.n)
		return x, err
	}, `UPDATE policies SET next_version = next_version + 1 WHERE name_key = ? RETURNING name, next_version - 1`, nameKey(v.PolicyName))
	if err != nil {
		return store.PolicyVersion{}, fmt.Errorf("create version of policy %q: %w", v.PolicyName, err)
	}
	v.PolicyName, v.VersionID = got.name, versionID(got.n)
	err = w.change(ctx, store.KindPolicyVersion, store.PolicyVersionKey(v.PolicyName, v.VersionID), store.OpPut,
		`INSERT INTO policy_versions (policy_key, version, document, create_date) VALUES (?, ?, ?, ?)`,
		nameKey(v.PolicyName), got.n, v.Document, unixTime(v.CreateDate))
	if err != nil {
		return store.PolicyVersion{}, fmt.Errorf("create version of policy %q: %w", v.PolicyName, err)
	}
	return w.GetPolicyVersion(ctx, v.PolicyName, v.VersionID)
}

func (w *writer) DeletePolicyVersion(ctx context.Context, policyName, versionID string) error {
	n, ok := versionNumber(versionID)
	if !ok {
		return fmt.Errorf("delete policy %q version %q: %w", policyName, versionID, store.ErrNotFound)
	}
	err := w.change(ctx, store.KindPolicyVersion, store.PolicyVersionKey(policyName, versionID), store.OpDelete,
		`DELETE FROM policy_versions WHERE policy_key = ? AND version = ?`, nameKey(policyName), n)
	if err != nil {
		return fmt.Errorf("delete policy %q version %s: %w", policyName, versionID, err)
	}
	return nil
}
