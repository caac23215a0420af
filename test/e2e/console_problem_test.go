package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// An error whose message has several lines (the engine's errors in a malformed trust policy,
// one a line) shows each on a line of its own, not run together into one sentence.
func TestConsoleProblemKeepsItsLines(t *testing.T) {
	s, account, rootPassword := consoleServer(t)
	c := openConsole(t, s.URL)
	c.open("/console/logon")
	c.logon(account, rootPassword)
	c.open("/console/roles")
	c.do("open Create Role", click(`//summary[normalize-space()="Create Role"]`), typeInto("#role-name", "ops"),
		chromedp.SetValue(chromedp.CSS("#role-trust"), "{}"))
	c.follow("OK", `//form[@action="/console/roles"]//button[normalize-space()="OK"]`)
	c.sees("the refusal", "The policy document is malformed:")
	shown := eval[string](c, `document.querySelector(".problem strong").innerText`)
	lines := strings.Split(strings.TrimSpace(shown), "\n")
	if len(lines) != 3 || lines[0] != "The policy document is malformed:" || !strings.Contains(lines[1], `missing element "Version"`) ||
		!strings.Contains(lines[2], `missing element "Statement"`) {
		t.Errorf("the message reads %q; want its three lines, one a line", shown)
	}
}
