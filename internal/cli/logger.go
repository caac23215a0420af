package cli

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/rampart-iam/rampart/internal/config"
)

// The server's log is buffered: the access log writes a line per request, and writing each one
// to stderr costs a system call (and, through a pipe to a log collector, a context switch).
const (
	logFlushEvery = 100 * time.Millisecond // the longest a line waits
	logBufferSize = 64 << 10               // a full buffer is written at once
)

// newLogger returns the server's logger, writing to w in the configured format, and the
// function that writes out what it still holds, which serve calls last, on SIGTERM too. Lines
// wait at most logFlushEvery; a record at Warn or above is written at once, with the lines
// before it, so errors reach stderr promptly. Lines still buffered when the process crashes
// are lost.
func newLogger(w io.Writer, cfg config.Config) (log *slog.Logger, closeLog func()) {
	out := newLogBuffer(w, logBufferSize, logFlushEvery)
	opts := &slog.HandlerOptions{Level: cfg.Level()}
	var h slog.Handler = slog.NewTextHandler(out, opts)
	if cfg.LogFormat == config.LogJSON {
		h = slog.NewJSONHandler(out, opts)
	}
	return slog.New(flushingHandler{h, out}), func() { out.Close() }
}

// logBuffer holds log lines for w until a flush: every period after the first line it holds,
// when the next line would not fit in its size, on Flush and on Close. It writes whole lines
// (slog's handlers write one record per call), so lines of other writers to the same file are
// not cut into them. After Close, lines are written through. It is safe for concurrent use.
type logBuffer struct {
	mu     sync.Mutex
	w      io.Writer
	buf    []byte
	every  time.Duration
	timer  *time.Timer // calls Flush every after buf stopped being empty
	closed bool
}

func newLogBuffer(w io.Writer, size int, every time.Duration) *logBuffer {
	b := &logBuffer{w: w, buf: make([]byte, 0, size), every: every}
	b.timer = time.AfterFunc(every, func() { b.Flush() })
	b.timer.Stop()
	return b
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return b.w.Write(p)
	}
	if len(b.buf)+len(p) > cap(b.buf) {
		if err := b.flushLocked(); err != nil {
			return 0, err
		}
		if len(p) > cap(b.buf) {
			return b.w.Write(p)
		}
	}
	if len(b.buf) == 0 {
		b.timer.Reset(b.every)
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// Flush writes out the lines held.
func (b *logBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.flushLocked()
}

// Close writes out the lines held and makes later writes go straight to w.
func (b *logBuffer) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	b.timer.Stop()
	return b.flushLocked()
}

// flushLocked writes buf; lines that fail to be written are dropped rather than retried, so a
// broken stderr cannot make the buffer grow. b.mu must be held.
func (b *logBuffer) flushLocked() error {
	if len(b.buf) == 0 {
		return nil
	}
	_, err := b.w.Write(b.buf)
	b.buf = b.buf[:0]
	return err
}

// flushingHandler flushes its logBuffer after each record at Warn or above.
type flushingHandler struct {
	slog.Handler
	out *logBuffer
}

func (h flushingHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		if ferr := h.out.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (h flushingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return flushingHandler{h.Handler.WithAttrs(attrs), h.out}
}

func (h flushingHandler) WithGroup(name string) slog.Handler {
	return flushingHandler{h.Handler.WithGroup(name), h.out}
}
