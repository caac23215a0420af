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

func TestNilError(t *testing.T) {
	if got := errs.As(nil); got != nil {
		t.Errorf("As(nil) = %+v, want nil", got)
	}
	if got := errs.KindOf(nil); got != errs.Internal {
		t.Errorf("KindOf(nil) = %v, want Internal", got)
	}
	if got := errs.CodeOf(nil); got != "InternalError" {
		t.Errorf("CodeOf(nil) = %q, want InternalError", got)
	}
	allocs := testing.AllocsPerRun(100, func() {
		_, _, _ = errs.As(nil), errs.KindOf(nil), errs.CodeOf(nil)
	})
	if allocs != 0 {
		t.Errorf("As, KindOf and CodeOf of nil allocate %v times, want 0", allocs)
	}
}

func TestPlainErrorsKindAndCode(t *testing.T) {
	err := fmt.Errorf("read: %w", errors.New("disk on fire"))
	if got := errs.KindOf(err); got != errs.Internal {
		t.Errorf("KindOf = %v, want Internal", got)
	}
	if got := errs.CodeOf(err); got != "InternalError" {
		t.Errorf("CodeOf = %q, want InternalError", got)
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

func BenchmarkKindOf(b *testing.B) {
	wrapped := fmt.Errorf("get user: %w", errs.E(errs.NotFound, "EntityNotExist.User", "The user does not exist."))
	for _, bc := range []struct {
		name string
		err  error
	}{{"nil", nil}, {"wrapped", wrapped}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = errs.KindOf(bc.err)
			}
		})
	}
}

func TestKindHTTPStatus(t *testing.T) {
	want := map[errs.Kind]int{
		errs.Internal: 500, errs.Invalid: 400, errs.Unauthenticated: 400, errs.Denied: 403, errs.NotFound: 404,
		errs.Exists: 409, errs.Conflict: 409, errs.LimitExceeded: 409, errs.Throttled: 429, errs.Unavailable: 503,
	}
	for k, status := range want {
		if got := k.HTTPStatus(); got != status {
			t.Errorf("%v.HTTPStatus() = %d, want %d", k, got, status)
		}
	}
}

// An unreachable database is RAM's retryable 503 ServiceUnavailable, and stays so when a domain
// wraps it as an unexpected failure on its way up.
func TestServiceUnavailableSurvivesWrap(t *testing.T) {
	cause := errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")
	e := errs.ServiceUnavailable(cause)
	if e.Kind != errs.Unavailable || e.Code != "ServiceUnavailable" || e.Kind.HTTPStatus() != 503 ||
		e.Message != "The request has failed due to a temporary failure of the server." {
		t.Errorf("ServiceUnavailable = %+v (status %d)", e, e.Kind.HTTPStatus())
	}
	wrapped := errs.Wrap(fmt.Errorf("read user %q: %w", "alice", e))
	if wrapped.Kind != errs.Unavailable || wrapped.Code != "ServiceUnavailable" || wrapped.Message != e.Message {
		t.Errorf("Wrap(ServiceUnavailable) = %+v, want it still ServiceUnavailable", wrapped)
	}
	if !errors.Is(wrapped, cause) {
		t.Error("Wrap lost the cause")
	}
	if got := errs.Wrap(errs.E(errs.NotFound, "EntityNotExist.User", "x")); got.Kind != errs.Internal {
		t.Errorf("Wrap(NotFound) = %v, want Internal: only a temporary failure passes through", got.Kind)
	}
}
