package console_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestRolePermissionList(t *testing.T) {
	e := newEnv(t)
	e.consoleUser("alice", "Alice-Pa55word!", false)
	b := e.browser()
	b.logon("alice@"+e.account, "Alice-Pa55word!")
	r := b.get("/console/pai/roles")
	want(t, "the list", r, http.StatusOK, "Role and Permission List", "Resource Administrator is granted through RAM",
		"Workspace Owner", "Algorithm Developer", "Algorithm O&M Engineer", "Labeling Administrator", "Visitor",
		"Deep Learning Containers (DLC)", "PaiDLC:CreateJob", "private, created by me; public", "everyone", `href="#module-DLC"`)
	// The MaxCompute Developer role is described in the documentation's own words (its
	// "RAM account usage authorization" for MaxCompute), not in words about where they come from.
	want(t, "the MaxCompute Developer role", r, http.StatusOK,
		"Add the MaxCompute Developer role for RAM accounts that use MaxCompute in the workspace.")
	if strings.Contains(r.body, "seed") {
		t.Errorf("the list speaks of the seed")
	}
	// Every module of the catalog has its table.
	if n := strings.Count(r.body, `<section aria-labelledby="module-`); n < 10 {
		t.Errorf("%d module tables", n)
	}
}
