package cli

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"time"

	"github.com/rampart-iam/rampart/internal/catalog"
	"github.com/rampart-iam/rampart/internal/console"
	"github.com/rampart-iam/rampart/internal/ram"
	"github.com/rampart-iam/rampart/internal/snapshot"
	"github.com/rampart-iam/rampart/internal/store"
)

// mountConsole serves the web console at /console/ over the same RAM domain and authorization
// snapshot as the API, so a change made on either is seen by both at once.
func mountConsole(mux *http.ServeMux, a *app, ramSvc *ram.Service, holder *snapshot.Holder, cat *catalog.Catalog,
	proxies []netip.Prefix, now func() time.Time) error {
	sessions, ok := a.store.(store.ConsoleSessions)
	if !ok {
		return errors.New("console: the store cannot keep console sessions")
	}
	h, err := console.New(console.Options{
		RAM:            ramSvc,
		Sessions:       consoleSessions{sessions},
		Catalog:        cat,
		AccountID:      func() string { return holder.Current().AccountID() },
		Logger:         a.log,
		Now:            now,
		TrustedProxies: proxies,
	})
	if err != nil {
		return err
	}
	mux.Handle(console.Prefix, h)
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
	return c.st.UpdateConsoleSession(ctx, store.ConsoleSession(s))
}

func (c consoleSessions) Delete(ctx context.Context, idHash string) error {
	return c.st.DeleteConsoleSession(ctx, idHash)
}
