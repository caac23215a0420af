package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/internal/config"
)

// TestLoggerWritesEverythingByClose logs from several goroutines, as requests do, and checks
// that every line is out once serve's closeLog has run, none cut or mixed with another.
func TestLoggerWritesEverythingByClose(t *testing.T) {
	for _, format := range []string{config.LogText, config.LogJSON} {
		t.Run(format, func(t *testing.T) {
			out := &lockedBuffer{}
			log, closeLog := newLogger(out, config.Config{LogLevel: "info", LogFormat: format})
			const goroutines, lines = 4, 500 // more than a buffer's worth
			var wg sync.WaitGroup
			for g := range goroutines {
				wg.Go(func() {
					for i := range lines {
						log.Info("request", "line", fmt.Sprintf("%d-%d", g, i))
					}
				})
			}
			wg.Wait()
			closeLog()
			log.Info("after close")

			got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(got) != goroutines*lines+1 {
				t.Fatalf("%d lines, want %d", len(got), goroutines*lines+1)
			}
			seen := map[string]bool{}
			for _, l := range got[:len(got)-1] {
				if strings.Count(l, "request") != 1 {
					t.Fatalf("malformed line %q", l)
				}
				seen[l[strings.Index(l, "line"):]] = true
			}
			if len(seen) != goroutines*lines {
				t.Errorf("%d distinct lines, want %d", len(seen), goroutines*lines)
			}
			if !strings.Contains(got[len(got)-1], "after close") {
				t.Errorf("a line logged after close is missing: %q", got[len(got)-1])
			}
		})
	}
}

// TestLogBufferFlushes checks when buffered lines reach the writer: not before a flush is
// due (the period here is an hour), then all of them, in order.
func TestLogBufferFlushes(t *testing.T) {
	line := func(i int) string { return fmt.Sprintf("line %02d\n", i) } // 8 bytes
	tests := []struct {
		name   string
		size   int
		levels []slog.Level
		want   int // lines written before Close
	}{
		{"info waits", 64, []slog.Level{slog.LevelInfo, slog.LevelInfo}, 0},
		{"warn flushes what came before", 64, []slog.Level{slog.LevelInfo, slog.LevelWarn, slog.LevelInfo}, 2},
		{"error flushes", 64, []slog.Level{slog.LevelError}, 1},
		{"debug waits", 64, []slog.Level{slog.LevelDebug}, 0},
		{"a full buffer is written", 24, []slog.Level{0, 0, 0, 0, 0, 0, 0}, 6},
		{"a line larger than the buffer goes through", 4, []slog.Level{0, 0}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &lockedBuffer{}
			b := newLogBuffer(w, tt.size, time.Hour)
			h := flushingHandler{lineHandler{b}, b}
			var all string
			for i, level := range tt.levels {
				r := slog.NewRecord(time.Time{}, level, line(i), 0)
				if err := h.WithAttrs(nil).WithGroup("g").Handle(t.Context(), r); err != nil {
					t.Fatal(err)
				}
				all += line(i)
			}
			want := ""
			for i := range tt.want {
				want += line(i)
			}
			if diff := cmp.Diff(want, w.String()); diff != "" {
				t.Errorf("written before Close (-want +got):\n%s", diff)
			}
			if err := b.Close(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(all, w.String()); diff != "" {
				t.Errorf("written by Close (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLogBufferFlushesPeriodically checks that a line is written without a flush or Close
// once the period has passed.
func TestLogBufferFlushesPeriodically(t *testing.T) {
	w := &lockedBuffer{}
	b := newLogBuffer(w, 1<<10, 10*time.Millisecond)
	defer b.Close()
	for _, l := range []string{"first\n", "second\n"} { // the second after a flush: the timer restarts
		b.Write([]byte(l))
		for deadline := time.Now().Add(5 * time.Second); !strings.Contains(w.String(), l); {
			if time.Now().After(deadline) {
				t.Fatalf("%q not written within 5s", l)
			}
			time.Sleep(time.Millisecond)
		}
	}
}

// lineHandler writes a record's message as it is, one Write per record as slog's handlers do.
type lineHandler struct{ b *logBuffer }

func (h lineHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h lineHandler) Handle(_ context.Context, r slog.Record) error {
	_, err := h.b.Write([]byte(r.Message))
	return err
}
func (h lineHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h lineHandler) WithGroup(string) slog.Handler      { return h }

// BenchmarkLogger measures an access-log line written to a pipe, as to stderr read by a log
// collector: straight through (as before the buffer) and buffered (newLogger).
func BenchmarkLogger(b *testing.B) {
	cfg := config.Config{LogLevel: "info", LogFormat: config.LogText}
	loggers := []struct {
		name string
		new  func(io.Writer) (*slog.Logger, func())
	}{
		{"unbuffered", func(w io.Writer) (*slog.Logger, func()) {
			return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: cfg.Level()})), func() {}
		}},
		{"buffered", func(w io.Writer) (*slog.Logger, func()) { return newLogger(w, cfg) }},
	}
	for _, l := range loggers {
		b.Run(l.name, func(b *testing.B) {
			r, w, err := os.Pipe()
			if err != nil {
				b.Fatal(err)
			}
			drained := make(chan struct{})
			go func() { io.Copy(io.Discard, r); close(drained) }()
			log, closeLog := l.new(w)
			b.ReportAllocs()
			for b.Loop() {
				log.Info("request", "method", "POST", "path", "/authz/v1/check", "status", 200,
					"duration", 1234*time.Microsecond, "request_id", "0A1B2C3D-4E5F-4A6B-8C7D-8E9F0A1B2C3D")
			}
			closeLog()
			w.Close()
			<-drained
			r.Close()
		})
	}
}
