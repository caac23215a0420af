package e2e_test

import "testing"

// TestConsoleGrantSearchKeepsChoices: in the "Grant Permission" panel, searching for a second
// policy (typing, then Search) keeps the policy already ticked, so both can be granted at once.
func TestConsoleGrantSearchKeepsChoices(t *testing.T) {
	s, account, rootPassword := consoleServer(t)
	c := openConsole(t, s.URL)
	c.open("/console/")
	c.logon(account, rootPassword)
	c.createUser("alice", "Alice-Pa55word!", false, false)

	c.open("/console/grant?principal=user:alice")
	c.do("tick AliyunPAIFullAccess", click(`input[value="System:AliyunPAIFullAccess"]`))
	c.do("search OSS", typeInto("#policy-search", "AliyunOSSRead"))
	c.follow("Search", `//button[normalize-space()="Search"]`)
	c.sees("the search's result", "AliyunOSSReadOnlyAccess", "RAM user alice")
	if !eval[bool](c, `!!document.querySelector('input[value="System:AliyunPAIFullAccess"]:checked')`) {
		c.screenshot("search-lost-the-tick")
		t.Fatal("the search lost the policy ticked before it")
	}
	c.do("tick AliyunOSSReadOnlyAccess", click(`input[value="System:AliyunOSSReadOnlyAccess"]`))
	c.follow("Grant permissions", `//button[normalize-space()="Grant permissions"]`)
	c.sees("the result", "AliyunPAIFullAccess", "AliyunOSSReadOnlyAccess")
	if n := eval[int](c, `[...document.querySelectorAll("main .ok")].filter(e => e.textContent === "Granted").length`); n != 2 {
		t.Errorf("%d grants reported, want 2:\n%s", n, c.text("main"))
	}
}
