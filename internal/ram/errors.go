package ram

import (
	"errors"
	"fmt"

	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
)

// RAM's error codes and messages (shared/reference/ram.md §6.3). Each constructor returns a new
// error, so no caller can change another's.

func missing(param string) error {
	return errs.E(errs.Invalid, "MissingParameter",
		"The input parameter %q that is mandatory for processing this request is not supplied.", param)
}

func invalidChars(param string) error {
	return errs.E(errs.Invalid, "InvalidParameter."+param+".InvalidChars", "The parameter - %q contains invalid chars.", param)
}

func tooLong(param string) error {
	return errs.E(errs.Invalid, "InvalidParameter."+param+".Length", "The parameter - %q beyond the length limit.", param)
}

func badFormat(param, want string) error {
	return errs.E(errs.Invalid, "InvalidParameter."+param+".Format", "The parameter - %q is not in the right format: %s.", param, want)
}

func badValue(param, want string) error {
	return errs.E(errs.Invalid, "InvalidParameter."+param, "The parameter - %q is invalid: %s.", param, want)
}

func notExist(code, message string) error { return errs.E(errs.NotFound, code, "%s", message) }

func alreadyExists(code, message string) error { return errs.E(errs.Exists, code, "%s", message) }

func deleteConflict(code, message string) error { return errs.E(errs.Conflict, code, "%s", message) }

func limitExceeded(code, what string, limit int) error {
	return errs.E(errs.LimitExceeded, code, "The number of %s exceeds the limit of %d.", what, limit)
}

func errNoUser() error  { return notExist("EntityNotExist.User", "The user does not exist.") }
func errNoGroup() error { return notExist("EntityNotExist.Group", "The group does not exist.") }
func errNoRole() error  { return notExist("EntityNotExist.Role", "The role does not exist.") }
func errNoPolicy() error {
	return notExist("EntityNotExist.Policy", "The policy does not exist.")
}
func errNoPolicyVersion() error {
	return notExist("EntityNotExist.Policy.Version", "The policy version does not exist.")
}
func errNoAccessKey() error {
	return notExist("EntityNotExist.User.AccessKey", "The AccessKey does not exist.")
}
func errNoLoginProfile() error {
	return notExist("EntityNotExist.User.LoginProfile", "The login profile of the user does not exist.")
}
func errNoMFADevice() error {
	return notExist("EntityNotExist.VirtualMFADevice", "The virtual MFA device does not exist.")
}
func errNoUserMFADevice() error {
	return notExist("EntityNotExist.User.MFADevice", "The user has no MFA device bound.")
}
func errNoResourceGroup() error {
	return notExist("EntityNotExists.ResourceGroup", "The specified resource group does not exist. You must first create a resource group.")
}

// notFound reports whether a store call failed only because its row does not exist; such a
// failure leaves the transaction usable.
func notFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// wrapf adds context to an unexpected store error; it becomes InternalError at the boundary.
func wrapf(err error, format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// errorf is an Invalid error with a code of its own.
func errorf(code, format string, args ...any) error {
	return errs.E(errs.Invalid, code, format, args...)
}
