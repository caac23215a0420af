package consistency_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/consistency"
	"github.com/rampart-iam/rampart/internal/errs"
)

// failAs answers a refused request with its code in the body and its kind's status, as an API's
// own error writer would.
func failAs(w http.ResponseWriter, r *http.Request, err error) {
	e := errs.As(err)
	status := http.StatusInternalServerError
	switch e.Kind {
	case errs.Invalid:
		status = http.StatusBadRequest
	case errs.Unavailable:
		status = http.StatusServiceUnavailable
	}
	w.WriteHeader(status)
	fmt.Fprintf(w, "%s: %s", e.Code, e.Message)
}

// The guard refuses a malformed token at once, and waits for a well-formed one when the API,
// having authenticated the request, calls Admit.
func TestGuardWaitsForMinRevision(t *testing.T) {
	// The node's snapshot is at 10; the store is at 12 (another node's writes it has not seen).
	tests := []struct {
		name       string
		header     []string
		wantStatus int
		wantBody   string // prefix
		wantToken  string
		wantWaits  int
	}{
		{"no token", nil, 200, "served at 10", "10", 0},
		{"token already reached", []string{"7"}, 200, "served at 10", "10", 0},
		{"token equal", []string{"10"}, 200, "served at 10", "10", 0},
		{"zero", []string{"0"}, 200, "served at 10", "10", 0},
		{"token the node catches up with", []string{"12"}, 200, "served at 12", "12", 1},
		{"token beyond the store", []string{"13"}, 503, "ServiceUnavailable.Lagging: This node is at revision 10 and did not reach the requested revision 13 within 50ms", "", 1},
		{"not a number", []string{"abc"}, 400, "InvalidParameter.MinRevision", "", 0},
		{"negative", []string{"-1"}, 400, "InvalidParameter.MinRevision", "", 0},
		{"signed", []string{"+12"}, 400, "InvalidParameter.MinRevision", "", 0},
		{"empty", []string{""}, 400, "InvalidParameter.MinRevision", "", 0},
		{"overflow", []string{"99999999999999999999"}, 400, "InvalidParameter.MinRevision", "", 0},
		{"twice", []string{"3", "4"}, 400, "InvalidParameter.MinRevision", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snaps := newFakeSnapshots(t, 10, 12)
			ran := false
			next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				// ... authenticated ...
				if _, err := consistency.Admit(r.Context()); err != nil {
					failAs(w, r, err)
					return
				}
				ran = true
				fmt.Fprintf(w, "served at %d", snaps.Current().Revision())
			})
			h := consistency.NewGuard(snaps, 50*time.Millisecond).Wrap(failAs, next)
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header[consistency.MinRevisionHeader] = tt.header
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus || !strings.HasPrefix(rec.Body.String(), tt.wantBody) {
				t.Errorf("got %d %q, want %d %q...", rec.Code, rec.Body, tt.wantStatus, tt.wantBody)
			}
			if got := rec.Header().Get(consistency.RevisionHeader); got != tt.wantToken {
				t.Errorf("%s = %q, want %q", consistency.RevisionHeader, got, tt.wantToken)
			}
			if ran != (tt.wantStatus == 200) {
				t.Errorf("handler served = %v with status %d: a refused request must not be served", ran, rec.Code)
			}
			if len(snaps.waited) != tt.wantWaits {
				t.Errorf("AtLeast called %d times, want %d", len(snaps.waited), tt.wantWaits)
			}
			for _, w := range snaps.waited {
				if w != 50*time.Millisecond {
					t.Errorf("AtLeast waited %v, want the guard's 50ms", w)
				}
			}
		})
	}
}

// Nothing waits for a request the API does not admit (one it could not authenticate), however far
// ahead its token; Admit waits once per request, and reports whether the snapshot moved on.
func TestGuardWaitsOnlyForAdmittedRequests(t *testing.T) {
	snaps := newFakeSnapshots(t, 10, 12)
	var waited []bool
	h := consistency.NewGuard(snaps, 50*time.Millisecond).Wrap(failAs, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(http.StatusBadRequest) // refused before authentication: no Admit
			return
		}
		for range 2 {
			ok, err := consistency.Admit(r.Context())
			if err != nil {
				failAs(w, r, err)
				return
			}
			waited = append(waited, ok)
		}
		w.Write([]byte("ok"))
	}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set(consistency.MinRevisionHeader, "1000")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest || len(snaps.waited) != 0 {
		t.Errorf("unauthenticated: %d after %d waits, want 400 without waiting", rec.Code, len(snaps.waited))
	}

	req.Header.Set("Authorization", "acs key:sig")
	req.Header.Set(consistency.MinRevisionHeader, "12")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || len(snaps.waited) != 1 || !cmp.Equal(waited, []bool{true, false}) {
		t.Errorf("authenticated: %d, %d waits, Admit reported %v; want 200, one wait, [true false]", rec.Code, len(snaps.waited), waited)
	}
	if got := rec.Header().Get(consistency.RevisionHeader); got != "12" {
		t.Errorf("%s = %q, want the revision waited for, 12", consistency.RevisionHeader, got)
	}

	if waited, err := consistency.Admit(context.Background()); waited || err != nil {
		t.Errorf("Admit outside a guarded request = %v, %v; want false, nil", waited, err)
	}
}

// A write's revision, noted by the tracked store through the request's context, becomes the
// response's token however the handler starts its response.
func TestGuardSendsWriteRevision(t *testing.T) {
	start := map[string]func(w http.ResponseWriter){
		"WriteHeader": func(w http.ResponseWriter) { w.WriteHeader(http.StatusCreated) },
		"Write":       func(w http.ResponseWriter) { w.Write([]byte("ok")) },
		"Flush":       func(w http.ResponseWriter) { http.NewResponseController(w).Flush() },
	}
	for name, begin := range start {
		t.Run(name, func(t *testing.T) {
			snaps := newFakeSnapshots(t, 10, 10)
			h := consistency.NewGuard(snaps, time.Second).Wrap(failAs, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				consistency.Note(r.Context(), 15)
				consistency.Note(r.Context(), 14) // an earlier write of the same request finishing late
				begin(w)
				consistency.Note(r.Context(), 16) // too late: the header is gone
				w.Write([]byte("."))
			}))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
			if got := rec.Result().Header.Values(consistency.RevisionHeader); !cmp.Equal(got, []string{"15"}) {
				t.Errorf("%s = %q, want [15]", consistency.RevisionHeader, got)
			}
		})
	}
}

func TestNoteOutsideGuardIsHarmless(t *testing.T) {
	consistency.Note(context.Background(), 3)
	if rec := consistency.RecorderFrom(context.Background()); rec != nil {
		t.Errorf("RecorderFrom(Background) = %v, want nil", rec)
	}
}

func TestMinRevision(t *testing.T) {
	h := http.Header{}
	if n, err := consistency.MinRevision(h); n != 0 || err != nil {
		t.Errorf("no header: %d, %v", n, err)
	}
	h.Set(consistency.MinRevisionHeader, "42")
	if n, err := consistency.MinRevision(h); n != 42 || err != nil {
		t.Errorf("42: %d, %v", n, err)
	}
	h.Set(consistency.MinRevisionHeader, "4 2")
	if _, err := consistency.MinRevision(h); errs.CodeOf(err) != "InvalidParameter.MinRevision" {
		t.Errorf("'4 2': %v, want InvalidParameter.MinRevision", err)
	}
}

// A handler's own 503 carries no token unless the request wrote: a client must not replace the
// token it waits for with the revision of a node that could not answer.
func TestGuardOmitsTokenOnUnavailableWithoutWrite(t *testing.T) {
	tests := []struct {
		name   string
		write  int64
		status int
		want   []string
	}{
		{"read answered", 0, http.StatusOK, []string{"10"}},
		{"read refused", 0, http.StatusNotFound, []string{"10"}},
		{"lagging", 0, http.StatusServiceUnavailable, nil},
		{"write saved, node behind", 11, http.StatusServiceUnavailable, []string{"11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := consistency.NewGuard(newFakeSnapshots(t, 10, 10), time.Second).Wrap(failAs,
				http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if tt.write > 0 {
						consistency.Note(r.Context(), tt.write)
					}
					w.WriteHeader(tt.status)
				}))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
			if got := rec.Result().Header.Values(consistency.RevisionHeader); !cmp.Equal(got, tt.want) {
				t.Errorf("%s = %q, want %q", consistency.RevisionHeader, got, tt.want)
			}
		})
	}
}
