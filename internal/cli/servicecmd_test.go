package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServiceCredentialsNamesTheMasterKeyFlag: a master key that cannot be read is reported
// against the flag that names it, as serve reports it, with "master key:" said once, not twice.
func TestServiceCredentialsNamesTheMasterKeyFlag(t *testing.T) {
	data := t.TempDir()
	if err := os.WriteFile(filepath.Join(data, "rampart.db"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runMain("service", "credentials", "list", "--data", data)
	want := "rampart: --master-key-file: master key: open " + filepath.Join(data, "master.key") + ": "
	if code != 1 || !strings.HasPrefix(stderr, want) || strings.Count(stderr, "master key:") != 1 {
		t.Errorf("exit %d, stderr %q; want exit 1 and %q...", code, stderr, want)
	}
}
