package store

import (
	"context"
	"time"
)

// ResourceGroup is a Resource Manager resource group: a scope for policy attachments.
type ResourceGroup struct {
	ID          string
	Name        string // unique case-insensitively
	DisplayName string
	Status      string
	CreateDate  time.Time
}

// ResourceGroupMember puts one resource in a resource group. A resource belongs to at most one
// group, as in Alibaba Cloud.
type ResourceGroupMember struct {
	ResourceGroupID string
	ResourceARN     string
}

// ResourceGroupReader reads resource groups and their resources.
type ResourceGroupReader interface {
	GetResourceGroup(ctx context.Context, id string) (ResourceGroup, error)
	GetResourceGroupByName(ctx context.Context, name string) (ResourceGroup, error)
	// ListResourceGroups lists groups ordered by name (case-insensitively).
	ListResourceGroups(ctx context.Context, p Page) (groups []ResourceGroup, next string, err error)
	CountResourceGroups(ctx context.Context) (int, error)
	// ListResources lists the resources of one group ordered by ARN.
	ListResources(ctx context.Context, resourceGroupID string, p Page) (members []ResourceGroupMember, next string, err error)
	// GetResourceGroupOf returns the membership of a resource; ErrNotFound when it is in none.
	GetResourceGroupOf(ctx context.Context, resourceARN string) (ResourceGroupMember, error)
}

// ResourceGroupWriter creates, changes and deletes resource groups and memberships.
type ResourceGroupWriter interface {
	// CreateResourceGroup stores a group; ErrExists when its ID or name is taken.
	CreateResourceGroup(ctx context.Context, g ResourceGroup) error
	// UpdateResourceGroup replaces name, display name and status of the group with ID g.ID.
	UpdateResourceGroup(ctx context.Context, g ResourceGroup) error
	// DeleteResourceGroup removes a group; ErrConflict while it has resources or attachments.
	DeleteResourceGroup(ctx context.Context, id string) error
	// AddResource puts a resource in a group; ErrExists when the resource is in a group already,
	// ErrConflict when the group does not exist.
	AddResource(ctx context.Context, m ResourceGroupMember) error
	// RemoveResource takes a resource out of its group; ErrNotFound when it is not in that group.
	RemoveResource(ctx context.Context, m ResourceGroupMember) error
}
