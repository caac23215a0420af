package console

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
)

// routes maps the console's pages. Paths follow the seed's menus: Identities > Users,
// Permissions > Policies, PAI > Workspaces, and so on.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	static, _ := fs.Sub(files, "static")
	mux.Handle("GET /console/static/", http.StripPrefix("/console/static/", cacheForever(filesOnly(static))))
	mux.HandleFunc("GET /console/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix+"users", http.StatusSeeOther)
	})

	mux.HandleFunc("GET /console/logon", h.logonPage)
	mux.HandleFunc("POST /console/logon", h.logon)
	mux.HandleFunc("GET /console/logon/mfa", h.inStage(stageMFA, h.mfaPage))
	mux.HandleFunc("POST /console/logon/mfa", h.inStage(stageMFA, h.mfa))
	mux.HandleFunc("GET /console/logon/bind-mfa", h.inStage(stageBindMFA, h.bindMFAPage))
	mux.HandleFunc("POST /console/logon/bind-mfa", h.inStage(stageBindMFA, h.bindMFA))
	mux.HandleFunc("GET /console/logon/password", h.inStage(stagePassword, h.forcedPasswordPage))
	mux.HandleFunc("POST /console/logon/password", h.inStage(stagePassword, h.forcedPassword))
	mux.HandleFunc("POST /console/logout", h.logout)
	mux.HandleFunc("GET /console/account/password", h.authed(h.passwordPage))
	mux.HandleFunc("POST /console/account/password", h.authed(h.password))

	mux.HandleFunc("GET /console/users", h.authed(h.users))
	mux.HandleFunc("GET /console/users/new", h.authed(h.newUserPage))
	mux.HandleFunc("POST /console/users/new", h.authed(h.newUser))
	mux.HandleFunc("GET /console/users/{name}", h.authed(h.user))
	mux.HandleFunc("POST /console/users/{name}/{op}", h.authed(h.userOp))

	mux.HandleFunc("GET /console/grant", h.authed(h.grantPanel))
	mux.HandleFunc("GET /console/grant/policies", h.authed(h.grantPolicies))
	mux.HandleFunc("POST /console/grant", h.authed(h.grant))

	mux.HandleFunc("GET /console/groups", h.authed(h.groups))
	mux.HandleFunc("POST /console/groups", h.authed(h.newGroup))
	mux.HandleFunc("GET /console/groups/{name}", h.authed(h.group))
	mux.HandleFunc("POST /console/groups/{name}/{op}", h.authed(h.groupOp))

	mux.HandleFunc("GET /console/roles", h.authed(h.roles))
	mux.HandleFunc("POST /console/roles", h.authed(h.newRole))
	mux.HandleFunc("GET /console/roles/{name}", h.authed(h.role))
	mux.HandleFunc("POST /console/roles/{name}/{op}", h.authed(h.roleOp))

	mux.HandleFunc("GET /console/policies", h.authed(h.policies))
	mux.HandleFunc("GET /console/policies/new", h.authed(h.newPolicyPage))
	mux.HandleFunc("POST /console/policies/new", h.authed(h.newPolicy))
	mux.HandleFunc("POST /console/policies/validate", h.authed(h.validatePolicy))
	mux.HandleFunc("GET /console/policies/visual-actions", h.authed(h.visualActions))
	mux.HandleFunc("GET /console/policies/{type}/{name}", h.authed(h.policy))
	mux.HandleFunc("POST /console/policies/{type}/{name}/{op}", h.authed(h.policyOp))

	mux.HandleFunc("GET /console/pai/workspaces", h.authed(h.workspaces))
	mux.HandleFunc("POST /console/pai/workspaces", h.authed(h.newWorkspace))
	mux.HandleFunc("GET /console/pai/workspaces/{id}", h.authed(h.workspace))
	mux.HandleFunc("POST /console/pai/workspaces/{id}/{op}", h.authed(h.workspaceOp))
	mux.HandleFunc("GET /console/pai/roles", h.authed(h.rolePermissions))
	if h.dependent != nil {
		mux.HandleFunc("GET /console/pai/dependent-services", h.authed(h.dependentServices))
		mux.HandleFunc("POST /console/pai/dependent-services", h.authed(h.authorizeDependentService))
	}

	mux.HandleFunc("GET /console/simulator", h.authed(h.simulator))
	mux.HandleFunc("GET /console/audit", h.authed(h.audit))
	return mux
}

// serveRoute serves r on its route. What no route serves gets the console's error page rather
// than the mux's plain text: a method the path does not take (PATCH, PUT, OPTIONS) 405 with the
// mux's Allow header, a path the console does not have 404. Neither reaches a handler, so
// neither changes anything. The mux's redirects to a clean path stay as they are.
func (h *Handler) serveRoute(w http.ResponseWriter, r *http.Request) {
	unrouted, pattern := h.mux.Handler(r)
	if pattern != "" {
		h.mux.ServeHTTP(w, r)
		return
	}
	var mux refusal
	unrouted.ServeHTTP(&mux, r)
	switch mux.status {
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", mux.header.Get("Allow"))
		h.render(w, http.StatusMethodNotAllowed, "", "bare-error", problem{Code: "UnsupportedHTTPMethod",
			Message: fmt.Sprintf("This console page does not take %s %s request (it takes %s). Nothing was changed.",
				article(r.Method), r.Method, mux.header.Get("Allow"))})
	case http.StatusNotFound:
		h.render(w, http.StatusNotFound, "", "bare-error", problem{Code: "NotFound",
			Message: "There is no such page in the console."})
	default:
		h.mux.ServeHTTP(w, r)
	}
}

// refusal is what the mux's own answer to an unrouted request would be: its status and headers.
type refusal struct {
	header http.Header
	status int
}

func (f *refusal) Header() http.Header {
	if f.header == nil {
		f.header = http.Header{}
	}
	return f.header
}

func (f *refusal) WriteHeader(status int) {
	if f.status == 0 {
		f.status = status
	}
}

func (f *refusal) Write(b []byte) (int, error) {
	f.WriteHeader(http.StatusOK)
	return len(b), nil
}

// article is "a" or "an" before an HTTP method's name.
func article(method string) string {
	if method != "" && strings.ContainsRune("AEIOU", rune(method[0])) {
		return "an"
	}
	return "a"
}

// cacheForever serves the static files: their names carry versions (htmx-2.0.11.min.js), and
// console.css and console.js are small enough to revalidate.
func cacheForever(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Path) > 7 && r.URL.Path[:7] == "vendor/" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		next.ServeHTTP(w, r)
	})
}

// filesOnly serves the files of fsys and answers 404 for its directories, which
// http.FileServer would list.
func filesOnly(fsys fs.FS) http.Handler {
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSuffix(r.URL.Path, "/")
		if info, err := fs.Stat(fsys, name); name == "" || err == nil && info.IsDir() {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}

func urlEscape(s string) string { return url.QueryEscape(s) }

// nameSegment is a user's, group's or role's name as the path segment of its page (template
// function "seg"). RAM's names are letters, digits and "._-", so "." and ".." are names, which
// browsers and http.Redirect resolve away as dot segments (%2E too), and a user "new" would open
// "Create User". Those names take a "~" first, a character no name has; pathName takes it off.
func nameSegment(name string) string {
	if name == "." || name == ".." || name == "new" {
		name = "~" + name
	}
	return url.PathEscape(name)
}

// pathName is the name of the user, group or role whose page the request's path names.
func pathName(r *http.Request) string { return strings.TrimPrefix(r.PathValue("name"), "~") }
