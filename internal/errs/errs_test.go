package errs_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/rampart-iam/rampart/internal/errs"
)

func TestKindAndCodeSurviveWrapping(t *testing.T) {
	base := errs.E(errs.NotFound, "EntityNotExist.User", "The user does not exist.")
	wrapped := fmt.Errorf("delete user %q: %w", "alice", base)
	if got := errs.KindOf(wrapped); got != errs.NotFound {
		t.Errorf("KindOf = %v, want NotFound", got)
	}
	if got := errs.CodeOf(wrapped); got != "EntityNotExist.User" {
		t.Errorf("CodeOf = %q", got)
	}
}

func TestPlainErrorsAreInternal(t *testing.T) {
	cause := errors.New("disk on fire")
	e := errs.As(cause)
	if e.Kind != errs.Internal || e.Code != "InternalError" {
		t.Errorf("As(plain) = %+v", e)
	}
	if !errors.Is(e, cause) {
		t.Error("the cause is lost")
	}
	if e.Message != "An internal error occurred." {
		t.Errorf("an internal error must not show its cause to clients: %q", e.Message)
	}
}

func TestKindString(t *testing.T) {
	if got := errs.LimitExceeded.String(); got != "LimitExceeded" {
		t.Errorf("String = %q", got)
	}
	if got := errs.Kind(200).String(); got != "Kind(200)" {
		t.Errorf("String = %q", got)
	}
}
