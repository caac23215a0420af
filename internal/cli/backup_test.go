package cli_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

func TestBackup(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "--data", data)
	// Back up while the server runs.
	to := filepath.Join(t.TempDir(), "backup.db")
	code, stdout, stderr := runMain("backup", "--data", data, "--to", to)
	if code != 0 {
		t.Fatalf("backup exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "does not include the master key") {
		t.Errorf("stdout lacks the master-key reminder:\n%s", stdout)
	}
	info, err := os.Stat(to)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("backup mode = %04o, want 0600", perm)
	}
	s.stop(t)

	db, err := sql.Open("sqlite", "file:"+to+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok, account string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v", ok, err)
	}
	if err := db.QueryRow("SELECT id FROM accounts").Scan(&account); err != nil || account != accountID(t, s.stderr.String()) {
		t.Errorf("backup holds account %q (%v), want the server's", account, err)
	}

	if code, _, stderr := runMain("backup", "--data", data, "--to", to); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("backup over an existing file: exit %d, %s", code, stderr)
	}
}

func TestBackupErrors(t *testing.T) {
	empty := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no --to", []string{"backup"}, 2, "--to FILE is required"},
		{"postgres", []string{"backup", "--store", "postgres", "--to", "x.db"}, 1, "pg_dump"},
		{"no store", []string{"backup", "--data", empty, "--to", filepath.Join(empty, "x.db")}, 1, "no store at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runMain(tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(empty, "rampart.db")); !os.IsNotExist(err) {
		t.Errorf("backup created a store in an empty data directory")
	}
}

// Restoring over a data directory that a crashed server left its WAL in would replay that WAL
// onto the backup, so the help says to remove it.
func TestBackupHelpRestore(t *testing.T) {
	code, stdout, _ := runMain("backup", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, w := range []string{"--to", "--data", "master.key", "rampart.db-wal", "rampart.db-shm"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("backup --help lacks %q", w)
		}
	}
}

// TestBackupLeavesTheSchemaAlone: the natural step before an upgrade is a backup with the new
// binary, while the old server still runs. The backup must copy the database as it is, not
// migrate the live file to the new binary's schema: the old server, restarted, would then refuse
// the database as "migrated by a newer Rampart", and so would the backup meant for rolling back.
func TestBackupLeavesTheSchemaAlone(t *testing.T) {
	data := t.TempDir()
	live, _ := olderSchema(t, data)

	to := filepath.Join(t.TempDir(), "backup.db")
	if code, _, stderr := runMain("backup", "--data", data, "--to", to); code != 0 {
		t.Fatalf("backup exit %d:\n%s", code, stderr)
	}
	for _, file := range []string{live, to} {
		copy, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		var n int
		err = copy.QueryRow("SELECT COUNT(*) FROM schema_migrations WHERE version = ?", lastMigration).Scan(&n)
		copy.Close()
		if err != nil || n != 0 {
			t.Errorf("%s: migration %d applied by the backup (count %d, %v)", filepath.Base(file), lastMigration, n, err)
		}
	}
}

// lastMigration is the migration olderSchema takes back.
const lastMigration = 7

// olderSchema serves data once, then makes its store one that a Rampart from before migration
// lastMigration made, as the live database of an older server beside a newer binary is. It
// returns the database's path and a connection to it.
func olderSchema(t *testing.T, data string) (string, *sql.DB) {
	t.Helper()
	s := startServe(t, "--data", data)
	s.stop(t)
	live := filepath.Join(data, "rampart.db")
	db, err := sql.Open("sqlite", "file:"+live)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, stmt := range []string{
		"DELETE FROM schema_migrations WHERE version = 7",
		"ALTER TABLE login_profiles DROP COLUMN failed_since",
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	return live, db
}
