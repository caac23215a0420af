package console

import (
	"strconv"
	"strings"

	"github.com/rampart-iam/rampart/internal/ram"
)

// Audit: recent actions and denials from the action trail, filtered by principal, action and
// result, newest first.

type auditData struct {
	Principal, Action, Result string
	Events                    []ram.Event
	Next                      int64
	Problem                   *problem
}

func (h *Handler) audit(v *visit) {
	q := v.r.URL.Query()
	d := auditData{Principal: strings.TrimSpace(q.Get("principal")), Action: strings.TrimSpace(q.Get("action")), Result: strings.TrimSpace(q.Get("result"))}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	page, err := h.ram.LookupEvents(v.r.Context(), v.caller, ram.EventsInput{RequestID: v.requestID(), PrincipalARN: d.Principal,
		Action: d.Action, Result: d.Result, BeforeID: before, MaxItems: 50})
	d.Events, d.Next, d.Problem = page.Events, page.NextBeforeID, problemOf(err)
	v.page(statusOf(err), "audit", "Actions and Denials", Prefix+"audit", d)
}
