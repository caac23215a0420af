package ram

import (
	"context"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/store"
)

// Reading the action trail. RAM itself has no such operation (Alibaba Cloud keeps the trail in
// ActionTrail), so the action authorized is ActionTrail's: actiontrail:LookupEvents on the
// account. The console's audit page calls it.

// EventsInput filters the action trail. Empty fields match anything; Result is an exact result
// ("Success", "NoPermission", "InvalidLogon", ...). BeforeID continues a previous page: only
// events with a lower ID are returned. MaxItems is 1 to 100, 0 meaning 50.
type EventsInput struct {
	RequestID    string
	PrincipalARN string
	Action       string
	Result       string
	BeforeID     int64
	MaxItems     int
}

// Event is one entry of the action trail: an operation that changed something, a denied
// request, or a console sign-in.
type Event struct {
	ID           int64
	Time         time.Time
	RequestID    string
	PrincipalARN string
	Action       string
	Target       string
	Result       string
	SourceIP     string
	Detail       string
}

// EventPage is one page of events, newest first. NextBeforeID is the BeforeID of the next page;
// 0 on the last one.
type EventPage struct {
	Events       []Event
	NextBeforeID int64
}

const (
	defaultEvents = 50
	maxEvents     = 100
)

// LookupEvents lists the action trail, newest first (actiontrail:LookupEvents on the account).
func (s *Service) LookupEvents(ctx context.Context, c *authz.Caller, in EventsInput) (EventPage, error) {
	n := in.MaxItems
	switch {
	case n == 0:
		n = defaultEvents
	case n < 1 || n > maxEvents:
		return EventPage{}, badValue("MaxItems", "it must be between 1 and 100")
	}
	// A filter is compared with what the trail holds, all of it printable: one that is not is
	// the client's mistake, and PostgreSQL would fail the query on it.
	for _, f := range [...]struct{ param, v string }{{"PrincipalARN", in.PrincipalARN}, {"Action", in.Action}, {"Result", in.Result}} {
		if !printable(f.v) {
			return EventPage{}, invalidChars(f.param)
		}
	}
	k := s.begin(c, "actiontrail:LookupEvents", in.RequestID)
	var out EventPage
	err := s.ops.Read(ctx, &k.Op, func(r store.Reader) error {
		if err := k.allow("acs:actiontrail:*:" + s.accountID() + ":*"); err != nil {
			return err
		}
		recs, err := r.ListAudit(ctx, store.AuditQuery{PrincipalARN: in.PrincipalARN, Action: in.Action,
			Result: in.Result, BeforeID: in.BeforeID, Limit: n + 1})
		if err != nil {
			return wrapf(err, "read the action trail")
		}
		if len(recs) > n {
			recs = recs[:n]
			out.NextBeforeID = recs[n-1].ID
		}
		for _, a := range recs {
			out.Events = append(out.Events, Event(a))
		}
		return nil
	})
	return out, err
}
