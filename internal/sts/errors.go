package sts

import (
	"fmt"

	"github.com/rampart-iam/rampart/internal/errs"
)

// STS's error codes and messages (shared/reference/ram.md §4.1, §6.2).

func invalidParameter(param, format string, args ...any) error {
	return errs.E(errs.Invalid, "InvalidParameter."+param, format, args...)
}

func missing(param string) error {
	return errs.E(errs.Invalid, "MissingParameter",
		"The input parameter %q that is mandatory for processing this request is not supplied.", param)
}

// roleNotFound is EntityNotExist.Role, saying where to create the role when the service knows.
func (s *Service) roleNotFound(name string) error {
	e := errs.E(errs.NotFound, "EntityNotExist.Role", "The specified Role not exists.")
	if s.hint != nil {
		if h := s.hint(name); h != "" {
			e.Message += " " + h
		}
	}
	return e
}

func rootCannotAssume() error {
	return errs.E(errs.Denied, "NoPermission", "Roles may not be assumed by root accounts.")
}

func tokenMalformed(why string) error {
	e := errs.E(errs.Unauthenticated, "InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed.")
	e.Err = fmt.Errorf("%s", why)
	return e
}

func tokenMismatch() error {
	return errs.E(errs.Unauthenticated, "InvalidSecurityToken.MismatchWithAccessKey",
		"Specified SecurityToken mismatch with the AccessKey.")
}
