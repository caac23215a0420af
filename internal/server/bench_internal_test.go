package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/rampart-iam/rampart/internal/secrets"
)

// BenchmarkMiddleware measures what the server adds to every request around the API handler:
// the request ID, body limit, route capture, metrics and an access-log line at info level (to
// a discarding text handler, so the formatting counts but no write does). The request itself is
// built once; the handler reads the body and writes a small answer.
func BenchmarkMiddleware(b *testing.B) {
	m, err := newMetrics(prometheus.NewRegistry())
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		SetRoute(r.Context(), "Ram.GetUser")
		io.WriteString(w, `{"RequestId":"`+RequestID(r.Context())+`"}`)
	})
	log := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	h := observe(secrets.NewIDGen(nil), log, m, 1<<20, mux)
	body := strings.NewReader("Action=GetUser&UserName=user07")
	r := httptest.NewRequest(http.MethodPost, "/", body)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		body.Seek(0, io.SeekStart)
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}
