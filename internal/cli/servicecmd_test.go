package cli_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/bootstrap"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store/sqlstore"
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

// TestServiceCredentialsRefuseAnotherMasterKey: 'create' given a master key other than the
// store's refuses, as serve does, rather than print a credential the server cannot decrypt
// (every request it signed answered InternalError), and stores nothing.
func TestServiceCredentialsRefuseAnotherMasterKey(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(data, "rampart.db"))
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := secrets.LoadOrCreateMasterKey(filepath.Join(data, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	box, err := secrets.NewBox(key)
	if err != nil {
		t.Fatal(err)
	}
	_, err = bootstrap.Run(ctx, st, bootstrap.Options{CredentialsFile: filepath.Join(data, "root-credentials.json"),
		Box: box, IDs: secrets.NewIDGen(nil), Logger: slog.New(slog.DiscardHandler)})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "other.key")
	if _, _, err := secrets.LoadOrCreateMasterKey(other); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runMain("service", "credentials", "create", "eas.pai.aliyuncs.com", "--data", data, "--master-key-file", other)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "another master key") {
		t.Errorf("create with another master key: exit %d, stdout %q, stderr %q; want exit 1, no credential, and why", code, stdout, stderr)
	}
	if code, stdout, stderr := runMain("service", "credentials", "list", "--data", data); code != 0 || strings.Contains(stdout, "eas.pai") {
		t.Errorf("list: exit %d, stdout %q, stderr %q; want exit 0 and no credential", code, stdout, stderr)
	}
	if code, stdout, stderr := runMain("service", "credentials", "create", "eas.pai.aliyuncs.com", "--data", data); code != 0 || !strings.Contains(stdout, "LTAS") {
		t.Errorf("create with the store's master key: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestServiceCredentialsLeaveTheSchemaAlone: the service commands of a newer binary, run on the
// live database of an older server, must not migrate it under that server (which, restarted,
// would refuse the database as "migrated by a newer Rampart"); they refuse a schema that is not
// theirs, and change nothing.
func TestServiceCredentialsLeaveTheSchemaAlone(t *testing.T) {
	data := t.TempDir()
	_, db := olderSchema(t, data)

	for _, args := range [][]string{
		{"service", "credentials", "list", "--data", data},
		{"service", "credentials", "create", "eas.pai.aliyuncs.com", "--data", data},
	} {
		code, stdout, stderr := runMain(args...)
		if code != 1 || strings.Contains(stdout, "LTAS") || !strings.Contains(stderr, "lacks schema version 7") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and why", args[2], code, stdout, stderr)
		}
	}
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM schema_migrations WHERE version = ?", lastMigration).Scan(&n); err != nil || n != 0 {
		t.Errorf("migration %d applied by the service commands (count %d, %v)", lastMigration, n, err)
	}
	if err := db.QueryRow("SELECT COUNT(*) FROM service_credentials").Scan(&n); err != nil || n != 0 {
		t.Errorf("service credentials stored: %d, %v", n, err)
	}
}
