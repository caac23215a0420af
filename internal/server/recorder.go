package server

import "net/http"

// recorder remembers the status and size of a response for the access log and metrics.
// Unwrap lets http.ResponseController reach the underlying writer's Flush, deadlines and
// hijacking.
type recorder struct {
	http.ResponseWriter
	status int // 0 until the final header is written
	bytes  int64
}

func (w *recorder) WriteHeader(code int) {
	if w.status == 0 && code >= 200 { // 1xx responses are not final
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush keeps http.Flusher working for handlers that type-assert it.
func (w *recorder) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// wroteHeader reports whether the response has started, after which its status can no longer
// change.
func (w *recorder) wroteHeader() bool { return w.status != 0 }
