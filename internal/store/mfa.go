package store

import (
	"context"
	"time"
)

// VirtualMFADevice is a TOTP device. The seed is encrypted by the caller like AccessKey secrets.
type VirtualMFADevice struct {
	SerialNumber   string // acs:ram::<account>:mfa/<name>
	SeedCiphertext []byte
	UserID         string // "" while unbound
	CreateDate     time.Time
	ActivateDate   time.Time // zero while unbound
	LastTimeStep   int64     // last accepted TOTP time step (Store.UseMFATimeStep)
}

// MFADeviceReader reads virtual MFA devices.
type MFADeviceReader interface {
	GetMFADevice(ctx context.Context, serialNumber string) (VirtualMFADevice, error)
	// GetMFADeviceForUser returns the device bound to a user; ErrNotFound when none is.
	GetMFADeviceForUser(ctx context.Context, userID string) (VirtualMFADevice, error)
	// ListMFADevices lists devices ordered by serial number.
	ListMFADevices(ctx context.Context, p Page) (devices []VirtualMFADevice, next string, err error)
	CountMFADevices(ctx context.Context) (int, error)
}

// MFADeviceWriter creates, binds, unbinds and deletes virtual MFA devices.
type MFADeviceWriter interface {
	// CreateMFADevice stores a device; ErrExists for a taken serial number.
	CreateMFADevice(ctx context.Context, d VirtualMFADevice) error
	// UpdateMFADevice replaces the binding (UserID, ActivateDate) and LastTimeStep of the device
	// d.SerialNumber. ErrExists when the user already has another device bound.
	UpdateMFADevice(ctx context.Context, d VirtualMFADevice) error
	DeleteMFADevice(ctx context.Context, serialNumber string) error
}
