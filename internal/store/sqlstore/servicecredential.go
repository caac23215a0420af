package sqlstore

import (
	"context"
	"fmt"

	"github.com/rampart-iam/rampart/internal/store"
)

const serviceCredentialColumns = `access_key_id, service_name, secret_ciphertext, create_date`

func scanServiceCredential(s scanner) (store.ServiceCredential, error) {
	var c store.ServiceCredential
	err := s.Scan(&c.AccessKeyID, &c.ServiceName, &c.SecretCiphertext, scanTime(&c.CreateDate))
	return c, err
}

func (r *reader) GetServiceCredential(ctx context.Context, id string) (store.ServiceCredential, error) {
	c, err := one(ctx, r, scanServiceCredential, `SELECT `+serviceCredentialColumns+` FROM service_credentials WHERE access_key_id = ?`, id)
	if err != nil {
		return store.ServiceCredential{}, fmt.Errorf("get service credential %s: %w", id, err)
	}
	return c, nil
}

func (r *reader) ListServiceCredentials(ctx context.Context, serviceName string) ([]store.ServiceCredential, error) {
	q := `SELECT ` + serviceCredentialColumns + ` FROM service_credentials`
	var args []any
	if serviceName != "" {
		q += ` WHERE service_name = ?`
		args = append(args, serviceName)
	}
	cs, err := list(ctx, r, scanServiceCredential, q+` ORDER BY service_name, create_date, access_key_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list credentials of service %q: %w", serviceName, err)
	}
	return cs, nil
}

func (r *reader) CountServiceCredentials(ctx context.Context, serviceName string) (int, error) {
	n, err := count(ctx, r, `SELECT COUNT(*) FROM service_credentials WHERE service_name = ?`, serviceName)
	if err != nil {
		return 0, fmt.Errorf("count credentials of service %q: %w", serviceName, err)
	}
	return n, nil
}

func (w *writer) CreateServiceCredential(ctx context.Context, c store.ServiceCredential) error {
	err := w.change(ctx, store.KindServiceCredential, c.AccessKeyID, store.OpPut, `INSERT INTO service_credentials
		(access_key_id, service_name, secret_ciphertext, create_date) VALUES (?, ?, ?, ?)`,
		c.AccessKeyID, c.ServiceName, c.SecretCiphertext, unixTime(c.CreateDate))
	if err != nil {
		return fmt.Errorf("create service credential %s: %w", c.AccessKeyID, err)
	}
	return nil
}

func (w *writer) DeleteServiceCredential(ctx context.Context, id string) error {
	err := w.change(ctx, store.KindServiceCredential, id, store.OpDelete, `DELETE FROM service_credentials WHERE access_key_id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete service credential %s: %w", id, err)
	}
	return nil
}
