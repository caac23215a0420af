package console_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/rampart-iam/rampart/internal/ram"
)

// TestEveryFormNeedsItsToken: every form that changes something is refused without the
// session's form token (a page of the console, 403), whatever it would change.
func TestEveryFormNeedsItsToken(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	ws := e.workspace("vision")
	b := e.rootBrowser()
	trust := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::` + e.account + `:root"]}}]}`
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetUser","Resource":"*"}]}`
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/console/users/new", url.Values{"user_name": {"mallory"}, "console": {"1"}}},
		{"/console/users/alice/groups-add", url.Values{"group": {"devs"}}},
		{"/console/users/alice/accesskey-create", nil},
		{"/console/users/alice/mfa-create", nil},
		{"/console/grant", url.Values{"principal": {"user:alice"}, "op": {"grant"}, "policy": {"System:AdministratorAccess"}}},
		{"/console/groups", url.Values{"name": {"devs"}}},
		{"/console/roles", url.Values{"name": {"ops"}, "trust": {trust}}},
		{"/console/policies/new", url.Values{"tab": {"json"}, "name": {"p1"}, "document": {doc}}},
		{"/console/policies/validate", url.Values{"document": {doc}}},
		{"/console/pai/workspaces", url.Values{"name": {"nlp_team"}}},
		{"/console/pai/workspaces/" + ws + "/members-add", url.Values{"member": {e.userID("alice")}, "role": {"PAI.AlgoDeveloper"}}},
		{"/console/account/password", url.Values{"old_password": {rootPassword}, "new_password": {"New-Pa55word!"}, "confirm_password": {"New-Pa55word!"}}},
		{"/console/logout", nil},
	} {
		for _, token := range []string{"", "00000000000000000000000000000000"} {
			form := url.Values{}
			for k, v := range c.form {
				form[k] = v
			}
			if token != "" {
				form.Set("csrf", token)
			}
			want(t, c.path+" with token "+token, b.do(http.MethodPost, c.path, form), http.StatusForbidden, "did not come from this console")
		}
	}
	if _, err := e.svc.GetUser(t.Context(), e.root, ram.UserInput{UserName: "mallory"}); err == nil {
		t.Error("a form without its token created a user")
	}
	if !b.signedIn() {
		t.Error("a logout without its token ended the session")
	}
	want(t, "the console afterwards", b.get("/console/groups"), http.StatusOK, "No user groups yet.")
}
