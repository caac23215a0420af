package console

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/server"
)

//go:embed templates static
var files embed.FS

// base holds the templates every page shares: the layout and the fragments htmx asks for.
var base = []string{"templates/layout.html", "templates/fragments.html"}

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "Never"
		}
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	},
	"add":    func(a, b int) int { return a + b },
	"lower":  strings.ToLower,
	"anchor": anchor,
	"seg":    nameSegment,
}

// parsePages parses each page template together with the shared ones.
func parsePages() (map[string]*template.Template, error) {
	shared, err := template.New("").Funcs(funcs).ParseFS(files, base...)
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{"": shared}
	for _, name := range names {
		if name == base[0] || name == base[1] {
			continue
		}
		t, err := template.Must(shared.Clone()).ParseFS(files, name)
		if err != nil {
			return nil, err
		}
		pages[strings.TrimSuffix(path.Base(name), ".html")] = t
	}
	return pages, nil
}

// layout is what every full page gets besides its own data.
type layout struct {
	Title   string
	Nav     []navSection
	Current string // the path of the page's pane entry
	Who     string // who is signed in; "" on the sign-in pages
	Root    bool
	CSRF    string
	Data    any
}

// page renders a full page (template "layout" of page name) for a signed-in person.
func (v *visit) page(status int, name, title, current string, data any) {
	who := v.caller.Name
	if v.caller.Type == authz.Root {
		who = "root (account " + v.caller.AccountID + ")"
	} else {
		who += "@" + v.caller.AccountID + ".onaliyun.com"
	}
	v.h.render(v.w, status, name, "layout", layout{Title: title, Nav: navSections(v.h.dependent != nil), Current: current, Who: who,
		Root: v.caller.Type == authz.Root, CSRF: csrfToken(v.id), Data: data})
}

// fragment renders one named fragment (an htmx partial update).
func (v *visit) fragment(name string, data any) {
	v.h.render(v.w, http.StatusOK, "", name, data)
}

// htmx reports whether the request is htmx asking for a part of a page.
func (v *visit) htmx() bool { return v.r.Header.Get("HX-Request") == "true" }

func (h *Handler) render(w http.ResponseWriter, status int, page, name string, data any) {
	t, ok := h.pages[page]
	if !ok {
		h.log.Error("console: no such page template", "page", page)
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		h.log.Error("console: render", "page", page, "template", name, "err", err)
		http.Error(w, "Internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// problem is a domain error as a page shows it: RAM's code and message, and for a denial what
// was denied.
type problem struct {
	Code    string
	Message string
	Denial  *errs.Denial
}

// problemOf turns err into what a page shows; nil for nil. Internal errors show no detail.
func problemOf(err error) *problem {
	if err == nil {
		return nil
	}
	e := errs.As(err)
	switch {
	case e.Kind == errs.Internal:
		return &problem{Code: "InternalError", Message: "The request processing has failed due to some unknown error."}
	case e.Kind == errs.Unavailable && e.Denial == nil && e.Code == "ServiceUnavailable":
		// The database could not be reached: a person, unlike an SDK, needs telling to retry.
		return &problem{Code: e.Code, Message: e.Message + " Try again in a moment."}
	}
	return &problem{Code: e.Code, Message: e.Message, Denial: e.Denial}
}

// statusOf is the HTTP status a page with err answers.
func statusOf(err error) int {
	switch k := errs.KindOf(err); {
	case err == nil:
		return http.StatusOK
	case k == errs.Unauthenticated:
		return http.StatusUnauthorized // a page asks the person to sign in, where RAM's API says 400
	default:
		return k.HTTPStatus()
	}
}

// errorData is what the "error" page shows: RAM's error, and a link back to the list the page
// belongs to.
type errorData struct {
	Problem         *problem
	Back, BackLabel string
}

// fail shows a page that could not be shown: RAM's error in the layout.
func (v *visit) fail(title string, err error) {
	if k := errs.KindOf(err); k == errs.Internal || k == errs.Unavailable {
		v.h.log.Log(v.r.Context(), server.ErrorLevel(v.r.Context()), "console", "path", v.r.URL.Path, "request_id", v.requestID(), "err", err)
	}
	d := errorData{Problem: problemOf(err)}
	d.Back, d.BackLabel = listOf(title)
	v.page(statusOf(err), "error", title, "", d)
}

// listOf is the list a page titled title belongs to, where its error page leads back: a person
// who may not open a workspace may not read the users list either.
func listOf(title string) (path, label string) {
	switch title {
	case "User Group":
		return Prefix + "groups", "User Groups"
	case "Role":
		return Prefix + "roles", "Roles"
	case "Policy":
		return Prefix + "policies", "Policies"
	case "Workspace":
		return Prefix + "pai/workspaces", "Workspaces"
	}
	return Prefix + "users", "Users"
}

// failAction is fail for an action whose page cannot be shown around its outcome (the person
// may not read the group, role, user, policy or workspace): the error shown is the action's,
// which is what was refused, or the page's when the action never reached the domain.
func (v *visit) failAction(title string, action, page error) {
	if action == nil {
		action = page
	}
	v.fail(title, action)
}

// internal answers a request that failed outside any page (reading the session, starting one):
// 503 with RAM's ServiceUnavailable while the database cannot be reached, else a bare 500.
func (h *Handler) internal(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Log(r.Context(), server.ErrorLevel(r.Context()), "console", "path", r.URL.Path, "err", err)
	if errs.KindOf(err) == errs.Unavailable {
		h.render(w, http.StatusServiceUnavailable, "", "bare-error", *problemOf(err))
		return
	}
	http.Error(w, "Internal error", http.StatusInternalServerError)
}

func (h *Handler) forbidden(w http.ResponseWriter, r *http.Request, msg string) {
	h.render(w, http.StatusForbidden, "", "bare-error", problem{Code: "Forbidden", Message: msg})
}

// invalid is a form error found by the console itself, before calling the domain.
func invalid(code, format string, args ...any) error {
	return errs.E(errs.Invalid, code, format, args...)
}

var errNoSuchPage = errors.New("no such page")

func notFoundf(format string, args ...any) error {
	return &errs.Error{Kind: errs.NotFound, Code: "NotFound", Message: fmt.Sprintf(format, args...), Err: errNoSuchPage}
}
