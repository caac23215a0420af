package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The PAI pages in the browser. Workspaces: the root creates a workspace and adds a RAM user as
// an Algorithm Developer; that user logs on and sees the workspace and what the role allows, and
// not the member forms; a workspace it may not create is denied with RAM's NoPermission.
// Dependent Services: the root authorizes modules to reach their services.

const (
	navWorkspaces = `//nav[@aria-label="Navigation pane"]//a[normalize-space()="Workspaces"]`
	navRoleList   = `//nav[@aria-label="Navigation pane"]//a[normalize-space()="Role and Permission List"]`

	navDependentServices = `//nav[@aria-label="Navigation pane"]//a[normalize-space()="Dependent Services"]`
)

func TestConsolePAIWorkspaces(t *testing.T) {
	start := time.Now()
	s, account, rootPassword := consoleServer(t)
	c := openConsole(t, s.URL)
	c.open("/console/")
	c.logon(account, rootPassword)
	c.createUser("alice", "Alice-Pa55word!", false, false)

	// PAI > Workspaces: the Resource Administrator is a RAM grant, not a member role.
	c.follow("PAI > Workspaces", navWorkspaces)
	c.sees("the empty list", "PAI > Workspaces", "No workspaces you may see.",
		"Resource Administrator is granted through RAM, not membership.", "AliyunPAIFullAccess")
	c.checkPage("the workspace list")
	c.do("Create Workspace", click(`//summary[normalize-space()="Create Workspace"]`),
		typeInto("#ws-name", "vision_team"), typeInto("#ws-display-name", "Vision Team"), typeInto("#ws-description", "Image models"))
	c.follow("OK", `//button[normalize-space()="OK"]`)
	c.sees("the new workspace", "The workspace vision_team has been created.", "Vision Team", "Default workspace", "No members yet.")

	// Add Member: alice as Algorithm Developer.
	c.do("open Add Member", click(`//summary[normalize-space()="Add Member"]`))
	c.checkPage("the workspace page")
	c.do("choose alice", chromedp.SetValue(chromedp.CSS("#member"),
		eval[string](c, `[...document.querySelectorAll("#member option")].find(o => o.text === "alice").value`)),
		click(`#add-member input[name="role"][value="PAI.AlgoDeveloper"]`))
	c.follow("Add Member", `//button[normalize-space()="Add Member"]`)
	c.sees("alice added", "alice has been added as Algorithm Developer.")
	if got := c.text("td.roles"); strings.TrimSpace(got) != "Algorithm Developer" {
		t.Errorf("alice's roles read %q", got)
	}
	c.do("open Change Roles", click(`//summary[normalize-space()="Change Roles"]`))
	c.screenshot("workspace-members")
	c.readme("workspaces")
	c.do("close Change Roles", click(`//summary[normalize-space()="Change Roles"]`))

	// The role-permission list, in words.
	c.follow("Role and Permission List", navRoleList)
	c.sees("the role-permission list", "Deep Learning Containers (DLC)", "Algorithm Developer", "private, created by me; public")
	c.checkPage("the role-permission list")
	c.screenshot("role-permission-list")

	// Every PAI page fits a phone.
	c.open("/console/pai/workspaces")
	ws := eval[string](c, `document.querySelector("td a[href^='/console/pai/workspaces/']").getAttribute("href")`)
	pages := []string{"/console/pai/workspaces", ws, "/console/pai/roles"}
	c.do("phone width", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
	for _, p := range pages {
		c.open(p)
		if over := eval[int](c, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
			c.screenshot("phone-overflow-" + p)
			t.Errorf("%s is %dpx wider than a phone: %v", p, over, eval[[]string](c, tooWide))
		}
	}
	c.screenshot("phone-workspace")
	c.do("laptop width", chromedp.EmulateViewport(laptopWidth, laptopHeight))

	// alice logs on: she sees the workspace and her role, and no member forms.
	c.logout()
	c.logon("alice@"+account, "Alice-Pa55word!")
	c.follow("PAI > Workspaces", navWorkspaces)
	c.sees("alice's workspaces", "Vision Team", "1 workspace")
	c.follow("open Vision Team", `//td/a[normalize-space()="Vision Team"]`)
	c.sees("alice's view", "Your member roles in this workspace: Algorithm Developer.",
		"Only the workspace's Owner and Administrators, and Resource Administrators, can add and remove members")
	if n := eval[int](c, `document.querySelectorAll("#add-member, details.change-roles, form[action$='/members-remove']").length`); n != 0 {
		t.Errorf("alice, an Algorithm Developer, is shown %d member forms", n)
	}
	c.do("what alice may do", click(`//summary[starts-with(normalize-space(), "What I may do here")]`))
	if got := c.text("#me-h + p + details"); !strings.Contains(got, "PaiDLC") || !strings.Contains(got, "CreateJob") || strings.Contains(got, "CreateMember") {
		t.Errorf("alice's permission codes:\n%s", got)
	}
	c.screenshot("alice-workspace")

	// Creating a workspace is a RAM grant alice lacks.
	c.follow("PAI > Workspaces", navWorkspaces)
	c.do("Create Workspace as alice", click(`//summary[normalize-space()="Create Workspace"]`), typeInto("#ws-name", "alice_ws"))
	c.follow("OK", `//button[normalize-space()="OK"]`)
	c.sees("alice denied", "You are not authorized to do this action.", "paiworkspace:CreateWorkspace", "NoPermission")
	c.screenshot("alice-denied")
	t.Logf("the PAI workspace pages in Chromium took %v", time.Since(start).Round(time.Millisecond))
}

// tooWide lists the elements that reach beyond the right edge of the window.
const tooWide = `[...document.querySelectorAll("main *")].filter(e => !e.parentElement.closest(".table-wrap") && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
	.slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().width))`

// "Activation & Authorization > Dependent Services", as the seed walks it: find OSS under the
// Designer function module, click Authorize in the Actions column, then View Authorization.
func TestConsolePAIDependentServices(t *testing.T) {
	start := time.Now()
	s, account, rootPassword := consoleServer(t)
	c := openConsole(t, s.URL)
	c.open("/console/")
	c.logon(account, rootPassword)

	c.follow("Activation & Authorization > Dependent Services", navDependentServices)
	c.sees("the page", "PAI > Activation & Authorization > Dependent Services", "iTAG", "Designer", "DSW", "DLC", "AutoML", "EAS",
		"LangStudio", "AI asset management")
	c.checkPage("the Dependent Services page")
	if got := c.text("#ds-Designer-OSS"); !strings.Contains(got, "Not authorized") || !strings.Contains(got, "Authorize") {
		t.Errorf("OSS under Designer before authorizing reads %q", got)
	}

	c.follow("Authorize Designer × OSS", `#ds-Designer-OSS button`)
	c.sees("authorized", "Designer is authorized to access OSS.")
	c.follow("Authorize EAS × OSS", `#ds-EAS-OSS button`)
	c.sees("authorized", "EAS is authorized to access OSS.")
	for _, row := range []string{"#ds-Designer-OSS", "#ds-Designer-MaxCompute", "#ds-EAS-OSS"} {
		if n := eval[int](c, `document.querySelectorAll("`+row+` button").length`); n != 0 {
			t.Errorf("%s still offers Authorize", row)
		}
	}
	c.do("View Authorization", click(`#ds-Designer-OSS summary`), chromedp.WaitVisible(chromedp.CSS(`#ds-Designer-OSS dl`)))
	got := c.text("#ds-Designer-OSS")
	for _, want := range []string{"Authorized", "AliyunODPSPAIDefaultRole", "Service role", "pai.aliyuncs.com", "AliyunODPSPAIRolePolicy", "AliyunOSSFullAccess"} {
		if !strings.Contains(got, want) {
			t.Errorf("View Authorization of OSS under Designer lacks %q:\n%s", want, got)
		}
	}
	c.do("View Authorization of EAS", click(`#ds-EAS-OSS summary`), chromedp.WaitVisible(chromedp.CSS(`#ds-EAS-OSS dl`)))
	if got := c.text("#ds-EAS-OSS"); !strings.Contains(got, "AliyunServiceRoleForPaiEas") || !strings.Contains(got, "Service-linked role") ||
		!strings.Contains(got, "eas.pai.aliyuncs.com") {
		t.Errorf("View Authorization of OSS under EAS:\n%s", got)
	}
	c.do("to Designer", chromedp.ScrollIntoView(chromedp.CSS("#module-Designer")))
	c.screenshot("dependent-services")
	c.readme("dependent-services")

	// The roles exist in RAM, as Identities > Roles shows.
	c.open("/console/roles")
	c.sees("the roles", "AliyunODPSPAIDefaultRole", "AliyunServiceRoleForPaiEas")

	c.do("phone width", chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
	c.open("/console/pai/dependent-services")
	if over := eval[int](c, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
		c.screenshot("phone-overflow-dependent-services")
		t.Errorf("the Dependent Services page is %dpx wider than a phone: %v", over, eval[[]string](c, tooWide))
	}
	t.Logf("the Dependent Services page in Chromium took %v", time.Since(start).Round(time.Millisecond))
}
