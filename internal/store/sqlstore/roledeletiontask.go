package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

const roleDeletionTaskColumns = `id, role_name, service_name, status, message, usages, create_date`

func scanRoleDeletionTask(s scanner) (store.RoleDeletionTask, error) {
	var t store.RoleDeletionTask
	var usages string
	if err := s.Scan(&t.ID, &t.RoleName, &t.ServiceName, &t.Status, &t.Message, &usages, scanTime(&t.CreateDate)); err != nil {
		return t, err
	}
	if err := json.Unmarshal([]byte(usages), &t.Usages); err != nil {
		return t, fmt.Errorf("usages of deletion task %s: %w", t.ID, err)
	}
	if len(t.Usages) == 0 {
		t.Usages = nil
	}
	return t, nil
}

func (r *reader) GetRoleDeletionTask(ctx context.Context, id string) (store.RoleDeletionTask, error) {
	t, err := one(ctx, r, scanRoleDeletionTask, `SELECT `+roleDeletionTaskColumns+` FROM role_deletion_tasks WHERE id = ?`, id)
	if err != nil {
		return store.RoleDeletionTask{}, fmt.Errorf("get role deletion task %s: %w", id, err)
	}
	return t, nil
}

func (w *writer) CreateRoleDeletionTask(ctx context.Context, t store.RoleDeletionTask) error {
	usages := t.Usages
	if usages == nil {
		usages = []store.RoleUsage{}
	}
	b, err := json.Marshal(usages)
	if err != nil {
		return fmt.Errorf("create role deletion task %s: %w", t.ID, err)
	}
	err = w.change(ctx, store.KindRoleDeletionTask, t.ID, store.OpPut, `INSERT INTO role_deletion_tasks
		(id, role_name, service_name, status, message, usages, create_date) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.RoleName, t.ServiceName, t.Status, t.Message, string(b), unixTime(t.CreateDate))
	if err != nil {
		return fmt.Errorf("create role deletion task %s: %w", t.ID, err)
	}
	return nil
}
