package store

import (
	"context"
	"time"
)

// ServiceCredential is an AccessKey issued to a platform service (a service principal such as
// "eas.pai.aliyuncs.com") by the operator. A request it signs is made as that service, which may
// do nothing but assume the roles whose trust policy names it. Like an AccessKey, the store never
// sees the secret in the clear.
type ServiceCredential struct {
	AccessKeyID      string
	ServiceName      string
	SecretCiphertext []byte
	CreateDate       time.Time
}

// ServiceCredentialReader reads service credentials.
type ServiceCredentialReader interface {
	GetServiceCredential(ctx context.Context, accessKeyID string) (ServiceCredential, error)
	// ListServiceCredentials lists the credentials of one service ("": of every service),
	// ordered by service name, CreateDate, then AccessKey ID.
	ListServiceCredentials(ctx context.Context, serviceName string) ([]ServiceCredential, error)
	CountServiceCredentials(ctx context.Context, serviceName string) (int, error)
}

// ServiceCredentialWriter issues and revokes service credentials.
type ServiceCredentialWriter interface {
	// CreateServiceCredential stores c; ErrExists when its AccessKey ID is taken.
	CreateServiceCredential(ctx context.Context, c ServiceCredential) error
	DeleteServiceCredential(ctx context.Context, accessKeyID string) error
}
