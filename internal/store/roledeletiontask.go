package store

import (
	"context"
	"time"
)

// Statuses of a RoleDeletionTask, as Resource Manager's GetServiceLinkedRoleDeletionStatus
// reports them.
const (
	DeletionSucceeded = "SUCCEEDED"
	DeletionFailed    = "FAILED"
)

// RoleDeletionTask is the outcome of one DeleteServiceLinkedRole: the role is gone
// (DeletionSucceeded) or it was in use and stays (DeletionFailed, with the usages that kept it).
type RoleDeletionTask struct {
	ID          string // "task/acs-service-role/<service>/<role>/<uuid>"
	RoleName    string
	ServiceName string
	Status      string // DeletionSucceeded or DeletionFailed
	Message     string // why it failed; "" on success
	Usages      []RoleUsage
	CreateDate  time.Time
}

// RoleUsage is where a service still uses a service-linked role: a region and the ARNs of the
// resources there.
type RoleUsage struct {
	Region    string
	Resources []string
}

// RoleDeletionTaskReader reads deletion tasks.
type RoleDeletionTaskReader interface {
	GetRoleDeletionTask(ctx context.Context, id string) (RoleDeletionTask, error)
}

// RoleDeletionTaskWriter records deletion tasks.
type RoleDeletionTaskWriter interface {
	// CreateRoleDeletionTask stores t; ErrExists when its ID is taken.
	CreateRoleDeletionTask(ctx context.Context, t RoleDeletionTask) error
}
