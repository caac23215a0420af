package cli_test

import (
	"strings"
	"testing"
)

// `authz check --help` shows the answer the command prints: every field of a check's answer.
func TestAuthzCheckHelpShowsTheAnswer(t *testing.T) {
	code, stdout, _ := runMain("authz", "check", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, w := range []string{`"decision": "Allow"`, `"by":`, `"reasons":`, `"principal":`, `"revision":`, "--explain",
		"Exit status"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("authz check --help lacks %q", w)
		}
	}
}
