// Package console is Rampart's web console at /console/: server-rendered pages (html/template,
// pico.css) that follow the console steps of the seed page word for word ("Identities >
// Users", "Add Permissions", "Grant Permission", "Permissions > Policies", "Create Policy",
// "JSON", ...), so a reader of the seed finds every step where it says.
//
// The console calls the domain's own operations (package ram; package pai for "PAI >
// Workspaces"; package pai/activation for "Activation & Authorization > Dependent Services")
// with the signed-in person as the caller, so every page obeys the same authorization as the
// API: a denial shows RAM's NoPermission message, never a page the caller may not see.
//
// Pages work without JavaScript: every action is a form that posts and gets a page back. htmx
// (vendored, served from /console/static/) only updates parts of a page in place: the policy
// search of the grant panel, the live validation of a policy document, the actions of the
// visual editor. Nothing is loaded from another origin, and the Content-Security-Policy allows
// scripts and styles from the console itself only.
//
// Sessions: signing in creates a random session ID held by a Secure (over TLS, or behind a
// trusted proxy that says the client used it), HttpOnly, SameSite=Lax cookie; the store keeps
// only its hash (Sessions), so sessions work across nodes and end everywhere on sign-out. A
// session ends after the account's LoginSessionDuration, or after IdleTimeout without a
// request, or when the user's password changes (the domain ends them in the store; a person's
// own change keeps the session that made it). Forms that change something are protected twice
// against cross-site requests: http.CrossOriginProtection (Sec-Fetch-Site and Origin) and a
// token per session in every form.
package console
