package store

import (
	"context"
	"time"
)

// Policy is a custom policy. System policies are not stored: they ship with the binary as data.
type Policy struct {
	Name           string // unique case-insensitively; the key (custom policies cannot be renamed)
	Description    string
	DefaultVersion string // a VersionID of one of its versions
	CreateDate     time.Time
	UpdateDate     time.Time
}

// PolicyVersion is one version of a custom policy's document.
type PolicyVersion struct {
	PolicyName string
	VersionID  string // "v1", "v2", ...; assigned by the store and never reused for the policy
	Document   string
	CreateDate time.Time
}

// PolicyReader reads custom policies and their versions.
type PolicyReader interface {
	// GetPolicy finds a custom policy by name, ignoring case.
	GetPolicy(ctx context.Context, name string) (Policy, error)
	// ListPolicies lists custom policies ordered by name (case-insensitively).
	ListPolicies(ctx context.Context, p Page) (policies []Policy, next string, err error)
	CountPolicies(ctx context.Context) (int, error)

	GetPolicyVersion(ctx context.Context, policyName, versionID string) (PolicyVersion, error)
	// ListPolicyVersions lists a policy's versions oldest first.
	ListPolicyVersions(ctx context.Context, policyName string) ([]PolicyVersion, error)
	CountPolicyVersions(ctx context.Context, policyName string) (int, error)
}

// PolicyWriter creates, changes and deletes custom policies and their versions.
type PolicyWriter interface {
	// CreatePolicy stores a new policy without versions; ErrExists when the name is taken. Add
	// its first version with CreatePolicyVersion in the same Update.
	CreatePolicy(ctx context.Context, p Policy) error
	// UpdatePolicy replaces the description, default version and update date of the policy
	// named p.Name.
	UpdatePolicy(ctx context.Context, p Policy) error
	// DeletePolicy removes a policy; ErrConflict while it has versions or attachments (delete
	// the versions first, in the same Update).
	DeletePolicy(ctx context.Context, name string) error
	// CreatePolicyVersion stores a new version of v.PolicyName with the next unused VersionID
	// (v.VersionID is ignored) and returns it as stored. ErrNotFound without the policy.
	CreatePolicyVersion(ctx context.Context, v PolicyVersion) (PolicyVersion, error)
	// DeletePolicyVersion removes one version. Its VersionID is never handed out again.
	DeletePolicyVersion(ctx context.Context, policyName, versionID string) error
}
