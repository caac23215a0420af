package pai

import (
	"errors"
	"fmt"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
)

// The AIWorkspace error codes Rampart returns. Alibaba does not publish AIWorkspace's own codes
// (shared/reference/pai.md §3.1), so they follow RAM's vocabulary, which the SDK's callers
// already branch on. Each constructor returns a new error.

func missing(param string) error {
	return errs.E(errs.Invalid, "MissingParameter",
		"The input parameter %q that is mandatory for processing this request is not supplied.", param)
}

func invalid(param, format string, args ...any) error {
	return errs.E(errs.Invalid, "InvalidParameter."+param, "The parameter %q is invalid: %s.", param, fmt.Sprintf(format, args...))
}

func errNoWorkspace() error {
	return errs.E(errs.NotFound, "EntityNotExist.Workspace", "The workspace does not exist.")
}

func errNoDefaultWorkspace() error {
	return errs.E(errs.NotFound, "EntityNotExist.DefaultWorkspace", "The account has no default workspace.")
}

func errNoMember() error {
	return errs.E(errs.NotFound, "EntityNotExist.Workspace.Member", "The member does not exist in the workspace.")
}

func errNoMemberRole(role string) error {
	return errs.E(errs.NotFound, "EntityNotExist.Workspace.MemberRole", "The member does not hold the role %s.", role)
}

func errNoPrincipal(id string) error {
	return errs.E(errs.NotFound, "EntityNotExist.User", "No RAM user or role has the ID %s.", id)
}

func errNoResource() error {
	return errs.E(errs.NotFound, "EntityNotExist.Workspace.Resource", "The workspace has no such resource.")
}

func errNoResourceGroup() error {
	return errs.E(errs.NotFound, "EntityNotExists.ResourceGroup", "The specified resource group does not exist.")
}

func errNoPermissionCode(code string) error {
	return errs.E(errs.NotFound, "EntityNotExist.PermissionCode", "%s is not a permission code of the role-permission list.", code)
}

func errWorkspaceExists() error {
	return errs.E(errs.Exists, "EntityAlreadyExists.Workspace", "A workspace with this name already exists.")
}

func errMemberExists(id string) error {
	return errs.E(errs.Exists, "EntityAlreadyExists.Workspace.Member", "%s is a member of the workspace already.", id)
}

func errResourceExists(name string) error {
	return errs.E(errs.Exists, "EntityAlreadyExists.Workspace.Resource", "The workspace has a resource named %s already.", name)
}

func errLastRole() error {
	return errs.E(errs.Conflict, "DeleteConflict.Workspace.Member.LastRole",
		"A member holds at least one role; delete the member instead of removing its last role.")
}

func errOwnerMember() error {
	return errs.E(errs.Conflict, "DeleteConflict.Workspace.Member.Owner",
		"Owner not allowed to delete: the workspace's owner, its creator, stays a member.")
}

func limitExceeded(code, what string, limit int) error {
	return errs.E(errs.LimitExceeded, code, "The number of %s exceeds the limit of %d.", what, limit)
}

// wrapf adds context to an unexpected store error; it becomes InternalError at the boundary.
func wrapf(err error, format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// notFound reports whether a store call failed only because its row does not exist; such a
// failure leaves the transaction usable.
func notFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
