package sqlstore

import (
	"context"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

const activationColumns = `service, activated_by, activate_date`

func scanActivation(s scanner) (store.Activation, error) {
	var a store.Activation
	err := s.Scan(&a.Service, &a.ActivatedBy, scanTime(&a.ActivateDate))
	return a, err
}

func (r *reader) GetActivation(ctx context.Context, service string) (store.Activation, error) {
	a, err := one(ctx, r, scanActivation, `SELECT `+activationColumns+` FROM activations WHERE service = ?`, service)
	if err != nil {
		return store.Activation{}, fmt.Errorf("get activation of %q: %w", service, err)
	}
	return a, nil
}

func (r *reader) ListActivations(ctx context.Context) ([]store.Activation, error) {
	as, err := list(ctx, r, scanActivation, `SELECT `+activationColumns+` FROM activations ORDER BY service`)
	if err != nil {
		return nil, fmt.Errorf("list activations: %w", err)
	}
	return as, nil
}

func (w *writer) CreateActivation(ctx context.Context, a store.Activation) error {
	err := w.change(ctx, store.KindActivation, a.Service, store.OpPut,
		`INSERT INTO activations (service, activated_by, activate_date) VALUES (?, ?, ?)`,
		a.Service, a.ActivatedBy, unixTime(a.ActivateDate))
	if err != nil {
		return fmt.Errorf("create activation of %q: %w", a.Service, err)
	}
	return nil
}
