// Package errstest holds the test helpers for domain errors that several packages' tests share.
package errstest

import (
	"errors"
	"testing"

	"github.com/rampart-iam/rampart/internal/errs"
)

// WantCode fails t (without stopping it) unless err is a domain error with code want; want ""
// expects success. what names the call in the failure.
func WantCode(t testing.TB, what string, err error, want string) {
	t.Helper()
	var e *errs.Error
	switch {
	case want == "" && err != nil:
		t.Errorf("%s: unexpected error %v", what, err)
	case want != "" && err == nil:
		t.Errorf("%s: succeeded, want %s", what, want)
	case want != "" && !errors.As(err, &e):
		t.Errorf("%s: error %v is not a domain error, want %s", what, err, want)
	case want != "" && e.Code != want:
		t.Errorf("%s: error %s (%s), want %s", what, e.Code, e.Message, want)
	}
}
