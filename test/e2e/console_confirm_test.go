package e2e_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// Deleting a custom policy or an AccessKey cannot be undone: the button asks first, and only the
// second click deletes.
func TestConsoleDeleteAsksFirst(t *testing.T) {
	s, account, rootPassword := consoleServer(t)
	c := openConsole(t, s.URL)
	c.open("/console/logon")
	c.logon(account, rootPassword)

	c.open("/console/policies/new?tab=json")
	c.do("name the policy", typeInto("#policy-name", "eas-list"))
	c.follow("OK", `//button[normalize-space()="OK"]`)
	c.sees("the new policy", "eas-list", "The policy has been created.")
	c.do("Delete Policy", click(`//summary[normalize-space()="Delete Policy"]`),
		chromedp.WaitVisible(chromedp.Search(`//button[normalize-space()="Delete"]`)))
	c.sees("the question", "Delete the policy eas-list? This cannot be undone.")
	c.screenshot("delete-policy-asks")
	if got := eval[string](c, "location.pathname"); got != "/console/policies/Custom/eas-list" {
		t.Fatalf("the first click left the policy's page for %q", got)
	}
	c.follow("Delete", `//button[normalize-space()="Delete"]`)
	c.sees("deleted", "The policy eas-list has been deleted.")

	c.createUser("alice", "Alice-Pa55word!", false, true)
	c.open("/console/users/alice")
	id := c.text("td code")
	c.do("Delete the AccessKey", click(`//summary[normalize-space()="Delete"]`),
		chromedp.WaitVisible(chromedp.Search(`//button[normalize-space()="Delete AccessKey"]`)))
	c.sees("the question", "Delete the AccessKey "+id+"? Applications that use it can no longer call APIs. This cannot be undone.")
	c.screenshot("delete-accesskey-asks")
	c.follow("Delete AccessKey", `//button[normalize-space()="Delete AccessKey"]`)
	c.sees("deleted", "Deleted AccessKey "+id+".", "No AccessKeys.")
}
