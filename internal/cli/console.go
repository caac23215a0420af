package cli

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/rampart-iam/rampart/internal/consistency"
	"github.com/rampart-iam/rampart/internal/console"
	"github.com/rampart-iam/rampart/internal/store"
)

// mountConsole serves the web console at /console/ over the domain the API uses (RAM, PAI,
// activation and the authorization snapshot), so a change made on either is seen by both at once.
// Behind guard, its pages carry X-Rampart-Revision like the APIs, and a signed-in person's pages
// honour X-Rampart-Min-Revision (a malformed one, or one not reached in time, is refused in the
// console's own error page).
func mountConsole(mux *http.ServeMux, a *app, d *domain, guard *consistency.Guard) error {
	sessions, ok := a.store.(store.ConsoleSessions)
	if !ok {
		return errors.New("console: the store cannot keep console sessions")
	}
	h, err := console.New(console.Options{
		RAM:               d.ram,
		PAI:               d.pai,
		DependentServices: d.activation,
		Sessions:          consoleSessions{sessions},
		Catalog:           d.catalog,
		AccountID:         func() string { return d.holder.Current().AccountID() },
		Logger:            a.log,
		Now:               d.now,
		TrustedProxies:    d.proxies,
		LogonRateLimit:    a.cfg.ConsoleLogonRateLimit,
		Admit:             consistency.Admit,
	})
	if err != nil {
		return err
	}
	mux.Handle(console.Prefix, guard.Wrap(h.WriteError, h))
	mux.Handle("GET /console", http.RedirectHandler(console.Prefix, http.StatusMovedPermanently))
	return nil
}

// consoleSessions adapts the store's console sessions to what the console asks for. Creating a
// session also drops the expired ones, so the table stays as small as the number of people
// signed in.
type consoleSessions struct{ st store.ConsoleSessions }

func (c consoleSessions) Create(ctx context.Context, s console.Session) error {
	if _, err := c.st.PruneConsoleSessions(ctx, s.CreateDate); err != nil {
		return err
	}
	return c.st.CreateConsoleSession(ctx, store.ConsoleSession(s))
}

func (c consoleSessions) Get(ctx context.Context, idHash string, now time.Time) (console.Session, bool, error) {
	s, err := c.st.GetConsoleSession(ctx, idHash, now)
	if errors.Is(err, store.ErrNotFound) {
		return console.Session{}, false, nil
	}
	return console.Session(s), err == nil, err
}

func (c consoleSessions) Update(ctx context.Context, s console.Session) error {
	err := c.st.UpdateConsoleSession(ctx, store.ConsoleSession(s))
	if errors.Is(err, store.ErrNotFound) {
		return console.ErrNoSession
	}
	return err
}

func (c consoleSessions) Delete(ctx context.Context, idHash string) error {
	return c.st.DeleteConsoleSession(ctx, idHash)
}
