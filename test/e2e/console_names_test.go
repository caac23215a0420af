package e2e_test

import "testing"

// TestConsoleNamesInABrowser: names as a browser meets them. A group and a user named ".." (a dot
// segment, which the browser resolves away in a link, a form's action or a redirect unless the
// console escapes it) are created, opened from their lists and acted on; markup in a display
// name stays text.
func TestConsoleNamesInABrowser(t *testing.T) {
	s, account, rootPassword := consoleServer(t)
	c := openConsole(t, s.URL)
	c.open("/console/")
	c.logon(account, rootPassword)

	c.open("/console/groups")
	c.do("create group ..", click(`//summary[normalize-space()="Create User Group"]`), typeInto("#group-name", ".."))
	c.follow("OK", `//form[@action="/console/groups"]//button[normalize-space()="OK"]`)
	c.sees("group .. just created", "Identities > User Groups > ..", "The group has been created.")

	const markup = `<img src=x onerror="document.title='pwned'">`
	c.open("/console/users/new")
	c.do("create user ..", typeInto("#user_name", ".."), typeInto("#display_name", markup))
	c.follow("OK", `//button[normalize-space()="OK"]`)
	c.sees("user .. created", "User .. created")
	c.follow("View user", `//a[normalize-space()="View user"]`)
	c.sees("user ..'s page", "Identities > Users > ..", markup)

	c.open("/console/users")
	c.sees("the list shows the display name as text", markup)
	c.follow("user .. from the list", `//main//a[normalize-space()=".."]`)
	c.sees("user ..'s page from the list", "Identities > Users > ..")
	c.follow("Add to Group", `//button[normalize-space()="Add to Group"]`)
	c.sees("user .. added to group ..", "Identities > Users > ..", "Added to group ..")
	if title := eval[string](c, `document.title`); title == "pwned" || eval[bool](c, `!!document.querySelector("main img")`) {
		t.Errorf("the display name's markup became an element (title %q)", title)
	}
}
