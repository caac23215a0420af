package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The seed's appendix, step by step in the browser, in its own words; then the RAM users it
// created log on (one with MFA bound, one forced to change its password) and see only what their
// grants allow.

const (
	seedPolicy = `{
    "Version": "1",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "eas:ListServices"
            ],
            "Resource": "*"
        }
    ]
}`
	seedCaution   = "A RAM user with this system policy can purchase, create, and delete all types of resources and has administrator permissions on all workspaces. Proceed with caution."
	leastPrivNote = "When you specify the policy document, we recommend that you follow the principle of least privilege."
	navUsers      = `//nav[@aria-label="Navigation pane"]//a[normalize-space()="Users"]`
	navPolicies   = `//nav[@aria-label="Navigation pane"]//a[normalize-space()="Policies"]`
)

func TestConsoleSeedAppendix(t *testing.T) {
	start := time.Now()
	s, account, rootPassword := consoleServer(t)
	c := openConsole(t, s.URL)

	// Log on to the RAM console as a RAM administrator: the account's root.
	c.open("/console/")
	c.sees("the logon page", "Log on", "Logon name")
	c.logon(account, rootPassword)
	c.sees("signed in", "Identities > Users", "Create User")

	// Users to grant to: alice (console access and an AccessKey), bob (must reset his password),
	// carol.
	c.createUser("alice", "Alice-Pa55word!", false, true)
	c.createUser("bob", "Bob-Pa55word!!", true, false)
	c.createUser("carol", "Carol-Pa55word!", false, false)

	// "In the left-side navigation pane, choose Identities > Users."
	c.follow("Identities > Users", navUsers)
	c.sees("Users", "alice", "bob", "carol", "3 users")
	c.screenshot("users")
	c.readme("users")

	// "On the Users page, find the required RAM user, and click Add Permissions in the Actions column."
	c.follow("Add Permissions for alice", `//tr[td/a[normalize-space()="alice"]]/td[@class="actions"]/a[normalize-space()="Add Permissions"]`)
	c.sees("the Grant Permission panel", "Grant Permission", "RAM user alice", "Resource Scope", "Account", "Policy")

	// "Resource Scope: Select Account. Policy: Select the AliyunPAIFullAccess policy."
	c.do("Resource Scope: Account", click(`input[name="scope"][value="account"]`))
	c.do("search the policy",
		typeInto("#policy-search", "AliyunPAIFull"),
		chromedp.WaitNotPresent(chromedp.CSS(`input[value="System:AliyunOSSFullAccess"]`)))
	c.do("select AliyunPAIFullAccess",
		click(`input[value="System:AliyunPAIFullAccess"]`),
		chromedp.WaitVisible(chromedp.CSS(`.policy-option:has(input:checked) .caution`)))
	if got := c.text(`.policy-option:has(input:checked) .caution`); !strings.Contains(got, seedCaution) {
		t.Errorf("the caution reads %q", got)
	}
	if got := c.text(`.policy-option:has(input:checked)`); !strings.Contains(got, "System policy") || !strings.Contains(got, "Provides full access to Platform of AI (PAI)") {
		t.Errorf("the option shows %q, want its type and description", got)
	}
	c.screenshot("grant-panel")
	c.readme("grant-panel")

	// "Click Grant permissions." then "Click Close."
	c.follow("Grant permissions", `//button[normalize-space()="Grant permissions"]`)
	c.sees("the result", "Granted", "Important", seedCaution)
	c.screenshot("grant-result")
	c.follow("Close", `//a[normalize-space()="Close"]`)
	c.sees("back on Users", "Identities > Users")

	// "In the navigation pane on the left, choose Permissions > Policies. Click Create Policy and
	// choose the JSON tab and configure the following policy."
	c.follow("Permissions > Policies", navPolicies)
	c.sees("Policies", "Permissions > Policies", "AliyunPAIFullAccess")
	c.follow("Create Policy", `//a[normalize-space()="Create Policy"]`)
	c.follow("the JSON tab", `//nav[@aria-label="Editor"]/a[normalize-space()="JSON"]`)
	if got := eval[string](c, `document.getElementById("policy-document").value`); got != seedPolicy {
		t.Errorf("the JSON tab starts with\n%s\nwant the seed's example", got)
	}
	c.sees("the least-privilege note", leastPrivNote)
	// A typo is reported inline, by line and column, as it is typed.
	c.setDocument(strings.Replace(seedPolicy, `"Allow"`, `"Alow"`, 1))
	c.do("inline error", chromedp.WaitVisible(chromedp.CSS("#policy-problems .errors")))
	c.sees("the inline error", "The policy document is not valid.", "Line 5, column 23")
	c.do("name the policy", typeInto("#policy-name", "EASListServices"), typeInto("#policy-description", "View the list of EAS model services"))
	c.screenshot("create-policy-json-error")
	c.readme("create-policy-json-error")
	c.setDocument(seedPolicy)
	c.do("valid again", chromedp.WaitVisible(chromedp.CSS("#policy-problems .ok")))
	c.follow("OK", `//button[normalize-space()="OK"]`)
	c.sees("the new policy", "EASListServices", "Custom Policy", "eas:ListServices", "The policy has been created.")
	c.screenshot("custom-policy")

	// "You can also select multiple RAM users and click Add Permissions in the lower part of the
	// page to grant permissions to the RAM users at a time."
	c.follow("Identities > Users", navUsers)
	c.do("select bob and carol", click(`input[value="user:bob"]`), click(`input[value="user:carol"]`))
	c.follow("Add Permissions at the bottom", `//div[@class="batch"]/button[normalize-space()="Add Permissions"]`)
	c.sees("the panel for both", "RAM user bob", "RAM user carol")
	c.do("pick the custom policy",
		typeInto("#policy-search", "EASList"),
		chromedp.WaitNotPresent(chromedp.CSS(`input[value="System:AliyunPAIFullAccess"]`)),
		click(`input[value="Custom:EASListServices"]`))
	c.follow("Grant permissions", `//button[normalize-space()="Grant permissions"]`)
	if n := strings.Count(c.text("main table"), "Granted"); n != 2 {
		t.Errorf("%d grants in the result, want 2", n)
	}
	c.follow("Close", `//a[normalize-space()="Close"]`)

	// The simulator shows what bob's grant allows, and what it does not.
	c.simulate("bob", "eas:ListServices")
	c.sees("bob may list EAS services", "Decision: Allow", "EASListServices", "Policies consulted")
	c.screenshot("simulator")
	c.readme("simulator")
	c.simulate("bob", "eas:DeleteService")
	c.sees("bob may not delete EAS services", "Decision: ImplicitDeny", "No statement matched")

	// alice binds a virtual MFA device, with two consecutive codes from the key the page shows.
	c.open("/console/users/alice")
	c.follow("Enable virtual MFA device", `//button[normalize-space()="Enable virtual MFA device"]`)
	seed := eval[string](c, `document.getElementById("mfa-seed").value`)
	now := time.Now()
	c.do("two codes", typeInto("#code1", totpCode(t, seed, now.Add(-60*time.Second))), typeInto("#code2", totpCode(t, seed, now.Add(-30*time.Second))))
	c.follow("Enable MFA", `//button[normalize-space()="Enable MFA"]`)
	c.sees("MFA bound", "The MFA device is bound.", "Virtual MFA device")

	// bob logs on, must choose a new password, and sees only what his grant allows: no RAM.
	c.logout()
	c.logon("bob@"+account, "Bob-Pa55word!!")
	c.sees("forced password change", "You must set a new password before you continue.")
	c.do("new password", typeInto("#old_password", "Bob-Pa55word!!"), typeInto("#new_password", "Bob-New-Pa55!"), typeInto("#confirm_password", "Bob-New-Pa55!"))
	c.follow("Reset password", `//button[normalize-space()="Reset password"]`)
	c.sees("bob's Users page", "You are not authorized to do this action.", "ram:ListUsers", "NoPermission")
	c.follow("Permissions > Policies", navPolicies)
	c.sees("bob's Policies page", "You are not authorized to do this action.", "ram:ListPolicies")
	c.screenshot("bob-denied")

	// alice logs on with her password and then an MFA code; AliyunPAIFullAccess grants no RAM
	// actions either.
	c.logout()
	c.logon("alice@"+account, "Alice-Pa55word!")
	c.sees("the MFA step", "MFA verification")
	c.do("MFA code", typeInto("#code", totpCode(t, seed, time.Now())))
	c.follow("Verify", `//button[normalize-space()="Verify"]`)
	c.sees("alice's Users page", "You are not authorized to do this action.", "ram:ListUsers")
	if who := c.text(".who"); who != "alice@"+account+".onaliyun.com" {
		t.Errorf("signed in as %q", who)
	}
	c.screenshot("alice-with-mfa")
	c.logout()
	c.sees("logged out", "You have logged out.")
	t.Logf("the seed's appendix in Chromium took %v", time.Since(start).Round(time.Millisecond))
}

// logon signs in from the logon page.
func (c *console) logon(name, password string) {
	c.t.Helper()
	c.do("logon "+name, typeInto("#logon_name", name), typeInto("#password", password))
	c.follow("Log on", `//button[normalize-space()="Log on"]`)
}

func (c *console) logout() {
	c.t.Helper()
	c.follow("Log out", `//button[normalize-space()="Log out"]`)
}

// createUser fills "Create User" on the Users page.
func (c *console) createUser(name, password string, reset, accessKey bool) {
	c.t.Helper()
	c.open("/console/users")
	c.follow("Create User", `//a[normalize-space()="Create User"]`)
	steps := []chromedp.Action[chromedp.Void]{typeInto("#user_name", name), typeInto("#password", password), typeInto("#confirm_password", password)}
	if !reset {
		steps = append(steps, click(`input[name="reset"]`))
	}
	if accessKey {
		steps = append(steps, click(`input[name="access_key"]`))
	}
	c.do("create "+name, steps...)
	c.follow("OK", `//button[normalize-space()="OK"]`)
	c.sees("user "+name+" created", "User "+name+" created")
	if accessKey {
		c.sees("the AccessKey shown once", "AccessKey Secret", "is shown only once")
		c.do("copy the secret", click(`button[data-copy="ak-secret"]`))
	}
}

// setDocument replaces the JSON tab's document as typing would, so htmx checks it.
func (c *console) setDocument(doc string) {
	c.t.Helper()
	eval[chromedp.Void](c, `(() => { const t = document.getElementById("policy-document"); t.value = `+jsString(doc)+
		`; t.dispatchEvent(new Event("input", {bubbles: true})); })()`)
}

// simulate runs the policy simulator for a user.
func (c *console) simulate(user, action string) {
	c.t.Helper()
	c.open("/console/simulator")
	c.do("simulate "+action, typeInto("#principal-name", user), typeInto("#sim-action", action))
	c.follow("Simulate", `//button[normalize-space()="Simulate"]`)
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
