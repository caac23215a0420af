package consistency

import (
	"net/http"
	"strconv"
	"sync/atomic"
)

// tokenWriter sets X-Rampart-Revision when the response starts: the handler's writes have
// committed by then (a domain acknowledges a write only after it), and headers cannot change
// afterwards. The Recorder of the request's writes and what Admit needs live here, and it is
// the request's context value, so one allocation serves them all.
type tokenWriter struct {
	http.ResponseWriter
	// admitted is the snapshot revision the request was admitted at (the one current when it
	// came in, or the one Admit waited for); writes holds the revision of the request's writes.
	admitted int64
	writes   Recorder
	started  bool

	// guard and min are what Admit needs: the wait, and the revision the request asked for (0:
	// none). admittedOnce is set by the first Admit.
	guard        *Guard
	min          int64
	admittedOnce atomic.Bool
}

// start sets the header for a response of status code. An answer reflects at least the revision
// it was admitted at and that of its writes; but a 503 without a write (the handler's own
// Lagging, say) says nothing a client should keep as its token.
func (w *tokenWriter) start(code int) {
	if w.started {
		return
	}
	w.started = true
	rev := w.writes.Revision()
	if rev == 0 && code == http.StatusServiceUnavailable {
		return
	}
	if rev = max(rev, w.admitted); rev > 0 {
		w.Header()[RevisionHeader] = []string{strconv.FormatInt(rev, 10)}
	}
}

func (w *tokenWriter) WriteHeader(code int) {
	if code >= 200 { // 1xx responses are not final; their headers are not the response's
		w.start(code)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *tokenWriter) Write(b []byte) (int, error) {
	w.start(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Flush keeps http.Flusher working for handlers that type-assert it.
func (w *tokenWriter) Flush() {
	w.start(http.StatusOK)
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *tokenWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
