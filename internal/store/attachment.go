package store

import (
	"context"
	"time"
)

// Policy types and principal types of attachments.
const (
	PolicyTypeSystem = "System"
	PolicyTypeCustom = "Custom"

	PrincipalUser  = "User"
	PrincipalGroup = "Group"
	PrincipalRole  = "Role"
)

// Attachment grants a policy to a principal, for the whole account or, when ResourceGroupID is
// set, only for the resources in that resource group. All fields but AttachDate form its key.
type Attachment struct {
	PolicyType      string // PolicyTypeSystem or PolicyTypeCustom
	PolicyName      string // a custom policy must exist; a system policy is the caller's to check
	PrincipalType   string // PrincipalUser, PrincipalGroup or PrincipalRole
	PrincipalID     string // the user, group or role ID
	ResourceGroupID string // "" for account scope
	AttachDate      time.Time
}

// AttachmentFilter selects attachments. Empty string fields match anything.
type AttachmentFilter struct {
	PolicyType    string
	PolicyName    string // matched ignoring case
	PrincipalType string
	PrincipalID   string
	// ResourceGroupID selects one scope when not nil: a pointer to "" selects account scope.
	ResourceGroupID *string
}

// PolicyID names a system or custom policy: the policy half of an Attachment's key.
type PolicyID struct {
	Type string // PolicyTypeSystem or PolicyTypeCustom
	Name string // matched ignoring case
}

// AttachmentReader reads attachments.
type AttachmentReader interface {
	// ListAttachments lists matching attachments ordered by policy type, policy name, principal
	// type, principal ID and resource group ID.
	ListAttachments(ctx context.Context, f AttachmentFilter) ([]Attachment, error)
	CountAttachments(ctx context.Context, f AttachmentFilter) (int, error)
	// CountAttachmentsByPolicy counts the attachments of many policies in one query, so that a
	// page of policies costs one round trip instead of one per policy. counts[i] is what
	// CountAttachments returns for AttachmentFilter{PolicyType: ps[i].Type, PolicyName:
	// ps[i].Name}: every principal's attachments, at account scope and in each resource group;
	// 0 for a policy with none or that does not exist (never ErrNotFound). Both fields of each
	// PolicyID must be set. The backend binds one parameter per policy, so pass a page (a
	// thousand or so), not an unbounded list. Errors are the backend's only.
	CountAttachmentsByPolicy(ctx context.Context, ps []PolicyID) (counts []int, err error)
}

// AttachmentWriter attaches and detaches policies.
type AttachmentWriter interface {
	// Attach stores an attachment; ErrExists when the same one exists, ErrConflict when the
	// principal, the custom policy or the resource group does not.
	Attach(ctx context.Context, a Attachment) error
	// Detach removes the attachment with a's key (AttachDate is ignored); ErrNotFound when absent.
	Detach(ctx context.Context, a Attachment) error
}
