package store

import (
	"context"
	"time"
)

// Activation records that a service was activated for the account: PAI itself ("PAI") or one
// of the cloud services PAI depends on ("OSS", "MaxCompute"). Activation is for good: nothing
// deactivates a service.
type Activation struct {
	Service      string // "PAI", "OSS", "API Gateway", ...; exact spelling
	ActivatedBy  string // the ARN of the identity that activated it
	ActivateDate time.Time
}

// ActivationReader reads the account's activated services.
type ActivationReader interface {
	GetActivation(ctx context.Context, service string) (Activation, error)
	// ListActivations lists every activated service ordered by name.
	ListActivations(ctx context.Context) ([]Activation, error)
}

// ActivationWriter records activations.
type ActivationWriter interface {
	// CreateActivation records that a.Service is activated; ErrExists when it already is.
	CreateActivation(ctx context.Context, a Activation) error
}
