package sts

import "github.com/rampart-iam/rampart/internal/authz"

// Identity is GetCallerIdentity's answer.
type Identity struct {
	// IdentityType is "Account" (the root), "RAMUser" or "AssumedRoleUser".
	IdentityType string
	AccountID    string
	ARN          string
	// PrincipalID is the account ID for the root, the user ID for a user and
	// "<roleId>:<session>" for a role session.
	PrincipalID string
	// UserID is set for the root (the account ID) and users; RoleID for role sessions.
	UserID, RoleID string
}

// GetCallerIdentity says who caller is. It needs no permission: anyone may ask who they are.
func (s *Service) GetCallerIdentity(caller *authz.Caller) Identity {
	id := Identity{AccountID: caller.AccountID, ARN: caller.ARN}
	switch caller.Type {
	case authz.Root:
		id.IdentityType, id.PrincipalID, id.UserID = "Account", caller.AccountID, caller.AccountID
	case authz.User:
		id.IdentityType, id.PrincipalID, id.UserID = "RAMUser", caller.ID, caller.ID
	case authz.RoleSession:
		id.IdentityType, id.PrincipalID, id.RoleID = "AssumedRoleUser", caller.ID+":"+caller.SessionName, caller.ID
	default:
		id.IdentityType, id.PrincipalID = caller.Type.String(), caller.Name
	}
	return id
}
