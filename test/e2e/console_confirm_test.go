package e2e_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Deleting a custom policy, a policy version or an AccessKey cannot be undone, nor can the MFA
// device Disable MFA deletes be bound again: each button asks first, and only the second click acts.
func TestConsoleDeleteAsksFirst(t *testing.T) {
	s, account, rootPassword := consoleServer(t)
	c := openConsole(t, s.URL)
	c.open("/console/logon")
	c.logon(account, rootPassword)

	c.open("/console/policies/new?tab=json")
	c.do("name the policy", typeInto("#policy-name", "eas-list"))
	c.follow("OK", `//button[normalize-space()="OK"]`)
	c.sees("the new policy", "eas-list", "The policy has been created.")
	c.open("/console/policies/Custom/eas-list?edit=document")
	c.follow("OK", `//form[contains(@action, "/document")]//button[normalize-space()="OK"]`)
	c.sees("the new version", "v2 is now the default version.")
	c.do("Delete version v1", click(`//summary[normalize-space()="Delete"]`),
		chromedp.WaitVisible(chromedp.Search(`//button[normalize-space()="Delete Version"]`)))
	c.sees("the question", "Delete version v1 of eas-list? This cannot be undone.")
	c.follow("Delete Version", `//button[normalize-space()="Delete Version"]`)
	c.sees("deleted", "Deleted version v1.")
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

	c.follow("Enable virtual MFA device", `//button[normalize-space()="Enable virtual MFA device"]`)
	seed := eval[string](c, `document.getElementById("mfa-seed").value`)
	now := time.Now()
	c.do("two consecutive codes", typeInto("#code1", totpCode(t, seed, now.Add(-30*time.Second))), typeInto("#code2", totpCode(t, seed, now)))
	c.follow("Enable MFA", `//button[normalize-space()="Enable MFA"]`)
	c.sees("bound", "The MFA device is bound.")
	c.do("Disable MFA", click(`//summary[normalize-space()="Disable MFA"]`),
		chromedp.WaitVisible(chromedp.Search(`//details//button[normalize-space()="Disable MFA"]`)))
	c.sees("the question", "Disable MFA for alice?")
	c.follow("Disable MFA", `//details//button[normalize-space()="Disable MFA"]`)
	c.sees("unbound", "The MFA device is unbound.", "No MFA device.")
}
