package consistency_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/consistency"
)

// BenchmarkGuard is what the guard adds to a request without a token: the admitted revision, a
// context with the Recorder, the response header.
func BenchmarkGuard(b *testing.B) {
	snaps := newFakeSnapshots(&testing.T{}, 10, 10)
	ok := []byte("ok")
	h := consistency.NewGuard(snaps, time.Second).Wrap(failAs, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(ok)
	}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

// discardWriter is the cheapest ResponseWriter, so the benchmark measures the guard alone.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(int)             {}
