package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/rampart-iam/rampart/internal/ram"
)

// "Identities > Users": the list with search and paging. The table is one form whose ticked
// rows go to the "Grant Permission" panel ("Add Permissions" at the bottom), while each row's
// "Actions" column has its own "Add Permissions".

const usersPerPage = 20

type usersData struct {
	Query      string
	Users      []ram.User
	Total      int
	Page, Last int
	Listed     bool // the list was read: an empty one means there are no users
	Problem    *problem
}

func (h *Handler) users(v *visit) {
	q := strings.TrimSpace(v.r.URL.Query().Get("q"))
	all, err := allUsers(v)
	if err != nil {
		v.page(statusOf(err), "users", "Users", Prefix+"users", usersData{Query: q, Problem: problemOf(err)})
		return
	}
	var match []ram.User
	for _, u := range all {
		if q == "" || containsFold(u.Name, q) || containsFold(u.DisplayName, q) {
			match = append(match, u)
		}
	}
	d := usersData{Query: q, Total: len(match), Listed: true}
	d.Page, d.Last = pageOf(v.r.URL.Query().Get("page"), len(match), usersPerPage)
	lo := (d.Page - 1) * usersPerPage
	d.Users = match[lo:min(lo+usersPerPage, len(match))]
	v.page(http.StatusOK, "users", "Users", Prefix+"users", d)
}

// allUsers reads every user, a page of RAM's largest size at a time.
func allUsers(v *visit) ([]ram.User, error) {
	var out []ram.User
	marker := ""
	for {
		p, err := v.h.ram.ListUsers(v.r.Context(), v.caller, ram.PageInput{RequestID: v.requestID(), Marker: marker, MaxItems: 1000})
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if marker = p.Marker; marker == "" {
			return out, nil
		}
	}
}

// pageOf clamps a page parameter to 1..last for n items.
func pageOf(param string, n, per int) (page, last int) {
	last = max(1, (n+per-1)/per)
	page, _ = strconv.Atoi(param)
	return min(max(page, 1), last), last
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
