package secrets_test

import (
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rampart-iam/rampart/internal/secrets"
)

func TestLoadOrCreateMasterKeyCreatesOnceThenLoads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "master.key") // parent does not exist yet
	k1, created, err := secrets.LoadOrCreateMasterKey(path)
	if err != nil || !created {
		t.Fatalf("first call: created=%v err=%v", created, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("key file mode = %04o, want 0600", perm)
	}
	k2, created, err := secrets.LoadOrCreateMasterKey(path)
	if err != nil || created {
		t.Fatalf("second call: created=%v err=%v", created, err)
	}
	if !sameKey(t, k1, k2) {
		t.Errorf("second call returned a different key")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("data dir holds %d entries, want only master.key (temp file left behind?)", len(entries))
	}
}

func TestLoadOrCreateMasterKeyConcurrentStartsAgree(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	const n = 8
	keys := make([]secrets.MasterKey, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { keys[i], _, errs[i] = secrets.LoadOrCreateMasterKey(path) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("call %d: %v", i, errs[i])
		}
		if !sameKey(t, keys[0], keys[i]) {
			t.Errorf("call %d got a different key", i)
		}
	}
}

func TestLoadMasterKeyRefuses(t *testing.T) {
	good := base64.StdEncoding.EncodeToString(make([]byte, 32)) + "\n"
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		wantErr string
	}{
		{"group readable", good, 0o640, "chmod 600"},
		{"world readable", good, 0o604, "chmod 600"},
		{"too short", base64.StdEncoding.EncodeToString(make([]byte, 31)), 0o600, "want 32 random bytes"},
		{"too long", base64.StdEncoding.EncodeToString(make([]byte, 33)), 0o600, "want 32 random bytes"},
		{"raw bytes", string(make([]byte, 32)), 0o600, "want 32 random bytes"},
		{"empty", "", 0o600, "want 32 random bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "master.key")
			if err := os.WriteFile(path, []byte(tt.content), tt.mode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil { // umask may have cleared bits
				t.Fatal(err)
			}
			_, _, err := secrets.LoadOrCreateMasterKey(path)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
			if after, _ := os.ReadFile(path); string(after) != tt.content {
				t.Errorf("the refused file was modified")
			}
		})
	}
}

func TestLoadMasterKeyAcceptsOperatorKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	raw := []byte("0123456789abcdef0123456789abcdef")
	if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(raw)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := secrets.LoadMasterKey(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := secrets.NewMasterKey(raw)
	if !sameKey(t, got, want) {
		t.Errorf("loaded key differs from the file's")
	}
}

func TestLoadMasterKeyMissing(t *testing.T) {
	_, err := secrets.LoadMasterKey(filepath.Join(t.TempDir(), "nope"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
}

func TestCreateSecretFileNeverReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "creds.json")
	if err := secrets.CreateSecretFile(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := secrets.CreateSecretFile(path, []byte("second")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second create: err = %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("content = %q, want %q", b, "first")
	}
}

// sameKey compares two keys by what they encrypt, since their bytes are not exported.
func sameKey(t *testing.T, a, b secrets.MasterKey) bool {
	t.Helper()
	ba, err := secrets.NewBox(a)
	if err != nil {
		t.Fatal(err)
	}
	bb, err := secrets.NewBox(b)
	if err != nil {
		t.Fatal(err)
	}
	_, err = bb.Open(ba.Seal([]byte("probe"), nil), nil)
	return err == nil
}
