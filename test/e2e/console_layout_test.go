package e2e_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Every console page at laptop and phone width: each field has a label, nothing makes a phone
// scroll sideways (wide tables scroll inside their own box), and the keyboard reaches the page
// through the skip link.
func TestConsoleLayout(t *testing.T) {
	s, account, rootPassword := consoleServer(t)
	c := openConsole(t, s.URL)

	c.open("/console/logon")
	c.checkPage("the logon page")
	if got := eval[string](c, `document.activeElement.id`); got != "logon_name" {
		t.Errorf("the logon page starts with the focus on %q, want the logon name", got)
	}
	c.logon(account, rootPassword)
	c.createUser("alice", "Alice-Pa55word!", false, false)

	// From the top of a page, Tab reaches the skip link, and Enter on it moves to the content.
	c.open("/console/users")
	c.do("Tab to the skip link", chromedp.KeyEvent(kb.Tab))
	if got := eval[string](c, `document.activeElement.textContent`); got != "Skip to content" {
		t.Errorf("the first Tab stop is %q, want the skip link", got)
	}
	c.do("skip", chromedp.KeyEvent(kb.Enter))
	if got := eval[string](c, `document.activeElement.id`); got != "main" {
		t.Errorf("after the skip link the focus is on %q, want the main content", got)
	}

	pages := []string{
		"/console/users", "/console/users/new", "/console/users/alice", "/console/grant?principal=user:alice",
		"/console/groups", "/console/roles", "/console/policies", "/console/policies/new",
		"/console/policies/new?tab=json", "/console/policies/System/AliyunPAIFullAccess",
		"/console/simulator?run=1&principal_name=alice&action=eas:ListServices&resource=*", "/console/audit",
		"/console/account/password",
	}
	for _, p := range pages {
		c.open(p)
		c.checkPage(p)
	}
	c.do("phone width", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
	for _, p := range pages {
		c.open(p)
		if over := eval[int](c, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
			c.screenshot("phone-overflow-" + p)
			t.Errorf("%s is %dpx wider than a phone", p, over)
		}
	}
	c.open("/console/users")
	c.screenshot("phone-users")
	c.open("/console/grant?principal=user:alice")
	c.screenshot("phone-grant-panel")
}

// unlabelled lists the visible form fields a screen reader could not name.
const unlabelled = `[...document.querySelectorAll("input, select, textarea")]
	.filter(e => e.type !== "hidden" && !e.closest("[hidden]"))
	.filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby"))
	.map(e => e.outerHTML.slice(0, 120))`

// checkPage fails the test for unlabelled fields on the current page.
func (c *console) checkPage(what string) {
	c.t.Helper()
	if bad := eval[[]string](c, unlabelled); len(bad) > 0 {
		c.t.Errorf("%s has fields without a label:\n%s", what, strings.Join(bad, "\n"))
	}
}
