package bootstrap_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rampart-iam/rampart/internal/bootstrap"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/internal/store"
)

var now = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

type env struct {
	store     *fakeStore
	box       *secrets.Box
	passwords *secrets.PasswordHasher
	file      string
	logs      *bytes.Buffer
}

func newEnv(t *testing.T) *env {
	t.Helper()
	passwords, err := secrets.NewPasswordHasher(secrets.TestPasswordParams(), 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &env{store: newFakeStore(), box: newBox(t, 1), passwords: passwords,
		file: filepath.Join(t.TempDir(), "root-credentials.json"), logs: &bytes.Buffer{}}
}

func newBox(t *testing.T, fill byte) *secrets.Box {
	t.Helper()
	k, err := secrets.NewMasterKey(bytes.Repeat([]byte{fill}, secrets.MasterKeySize))
	if err != nil {
		t.Fatal(err)
	}
	b, err := secrets.NewBox(k)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (e *env) run(t *testing.T, provided bootstrap.Credentials, seed byte) (bootstrap.Root, error) {
	t.Helper()
	return bootstrap.Run(context.Background(), e.store, bootstrap.Options{
		CredentialsFile: e.file,
		Provided:        provided,
		Box:             e.box,
		IDs:             secrets.NewIDGen(rand.NewChaCha8([32]byte{seed})),
		Passwords:       e.passwords,
		Now:             func() time.Time { return now },
		Logger:          slog.New(slog.NewJSONHandler(e.logs, nil)),
	})
}

type fileContent struct {
	AccountId, AccessKeyId, AccessKeySecret, Password string
}

func readFile(t *testing.T, path string) fileContent {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f fileContent
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

func storedSecret(t *testing.T, e *env, id string) string {
	t.Helper()
	k, ok := e.store.state.keys[id]
	if !ok {
		t.Fatalf("no AccessKey %s in the store", id)
	}
	s, err := e.box.OpenSecret(k.SecretCiphertext, id)
	if err != nil {
		t.Fatalf("stored secret of %s does not open with its ID as associated data: %v", id, err)
	}
	return s.Reveal()
}

func TestFirstStartGeneratesAndWritesFile(t *testing.T) {
	e := newEnv(t)
	root, err := e.run(t, bootstrap.Credentials{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !root.Created || len(root.AccountID) != 16 || !strings.HasPrefix(root.AccessKeyID, "LTAI") {
		t.Errorf("Root = %+v", root)
	}
	info, err := os.Stat(e.file)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("credentials file mode = %04o, want 0600", perm)
	}
	f := readFile(t, e.file)
	if f.AccountId != root.AccountID || f.AccessKeyId != root.AccessKeyID || len(f.AccessKeySecret) != 30 || len(f.Password) != 20 {
		t.Errorf("file = %+v, want the account, key ID, a 30-char secret and a 20-char password", f)
	}
	if got := storedSecret(t, e, root.AccessKeyID); got != f.AccessKeySecret {
		t.Errorf("stored secret differs from the file's")
	}
	k := e.store.state.keys[root.AccessKeyID]
	if bytes.Contains(k.SecretCiphertext, []byte(f.AccessKeySecret)) {
		t.Errorf("the store holds the secret in plain text")
	}
	want := store.AccessKey{ID: root.AccessKeyID, UserID: "", Status: store.AccessKeyActive, CreateDate: now}
	k.SecretCiphertext = nil
	if diff := cmp.Diff(want, k); diff != "" {
		t.Errorf("root AccessKey (-want +got):\n%s", diff)
	}
	if a := e.store.state.account; a == nil || a.ID != root.AccountID || !a.CreateDate.Equal(now) || a.PasswordPolicy.MinimumPasswordLength != 8 {
		t.Errorf("account = %+v", a)
	}
	if ok, err := e.passwords.Verify(t.Context(), secrets.Secret(f.Password), e.store.state.account.RootPasswordHash); err != nil || !ok {
		t.Errorf("the stored root password hash does not verify the file's password: %v, %v", ok, err)
	}
	if strings.Contains(e.store.state.account.RootPasswordHash, f.Password) {
		t.Errorf("the store holds the root password in plain text")
	}
	if n := len(e.store.state.audit); n != 1 || e.store.state.audit[0].Action != "rampart:Bootstrap" {
		t.Errorf("audit = %+v, want one rampart:Bootstrap record", e.store.state.audit)
	}
	logs := e.logs.String()
	for _, w := range []string{"created account", root.AccountID, root.AccessKeyID, e.file} {
		if !strings.Contains(logs, w) {
			t.Errorf("log lacks %q:\n%s", w, logs)
		}
	}
	for _, leak := range []string{f.AccessKeySecret, f.Password} {
		if strings.Contains(logs, leak) || strings.Contains(auditText(e), leak) {
			t.Errorf("a generated secret appears in the log or audit trail")
		}
	}
}

func auditText(e *env) string {
	b, _ := json.Marshal(e.store.state.audit)
	return string(b)
}

func TestLaterStartsReuseAndNeverRewrite(t *testing.T) {
	e := newEnv(t)
	first, err := e.run(t, bootstrap.Credentials{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(e.file)
	mtime := func() time.Time { i, _ := os.Stat(e.file); return i.ModTime() }
	m0 := mtime()

	for seed := byte(2); seed < 5; seed++ { // other seeds would generate other values
		again, err := e.run(t, bootstrap.Credentials{}, seed)
		if err != nil {
			t.Fatal(err)
		}
		want := bootstrap.Root{AccountID: first.AccountID, AccessKeyID: first.AccessKeyID, Created: false}
		if again != want {
			t.Errorf("restart %d: Root = %+v, want %+v", seed, again, want)
		}
	}
	if after, _ := os.ReadFile(e.file); !bytes.Equal(before, after) || !mtime().Equal(m0) {
		t.Errorf("credentials file changed on restart")
	}
	if len(e.store.state.keys) != 1 || len(e.store.state.audit) != 1 {
		t.Errorf("restarts wrote to the store: %d keys, %d audit records", len(e.store.state.keys), len(e.store.state.audit))
	}
	if !strings.Contains(e.logs.String(), "using existing account") {
		t.Errorf("log lacks the reuse line")
	}

	// Deleting the file (as the operator is told to) does not matter later.
	os.Remove(e.file)
	if again, err := e.run(t, bootstrap.Credentials{}, 9); err != nil || again.AccountID != first.AccountID {
		t.Errorf("after deleting the file: %+v, %v", again, err)
	}
	if _, err := os.Stat(e.file); !os.IsNotExist(err) {
		t.Errorf("a restart recreated the credentials file")
	}
}

func TestProvidedCredentials(t *testing.T) {
	e := newEnv(t)
	provided := bootstrap.Credentials{
		AccessKeyID:     "LTAIoperatorChosenKey",
		AccessKeySecret: "operator-chosen-secret-0123456789",
		Password:        "Operator-Pa55word!",
	}
	root, err := e.run(t, provided, 1)
	if err != nil {
		t.Fatal(err)
	}
	if root.AccessKeyID != provided.AccessKeyID || !root.Created {
		t.Errorf("Root = %+v", root)
	}
	if got := storedSecret(t, e, provided.AccessKeyID); got != provided.AccessKeySecret.Reveal() {
		t.Errorf("stored secret = %q", got)
	}
	if ok, err := e.passwords.Verify(t.Context(), provided.Password, e.store.state.account.RootPasswordHash); err != nil || !ok {
		t.Errorf("the stored root password hash does not verify the provided password: %v, %v", ok, err)
	}
	if _, err := os.Stat(e.file); !os.IsNotExist(err) {
		t.Errorf("credentials file written although nothing was generated (err %v)", err)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, `"credentials":"environment"`) {
		t.Errorf("log does not say the credentials came from the environment:\n%s", logs)
	}
	if strings.Contains(logs, provided.AccessKeySecret.Reveal()) || strings.Contains(logs, provided.Password.Reveal()) {
		t.Errorf("log contains a provided secret")
	}

	// A restart with different variables keeps the stored key and warns.
	e.logs.Reset()
	other := bootstrap.Credentials{AccessKeyID: "LTAIsomethingElse123", AccessKeySecret: "another-secret-0123456789", Password: "Another-Pa55word"}
	again, err := e.run(t, other, 2)
	if err != nil || again.AccessKeyID != provided.AccessKeyID || again.Created {
		t.Errorf("restart with other variables: %+v, %v", again, err)
	}
	for _, w := range []string{"RAMPART_ROOT_ACCESS_KEY_ID/SECRET differ", "RAMPART_ROOT_PASSWORD differs"} {
		if !strings.Contains(e.logs.String(), w) {
			t.Errorf("restart log lacks %q:\n%s", w, e.logs)
		}
	}
	if strings.Contains(e.logs.String(), "another-secret") {
		t.Errorf("warning reveals the provided secret")
	}
	// The same variables again, as every node of a cluster is given them: no warning.
	e.logs.Reset()
	if _, err := e.run(t, provided, 3); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.logs.String(), `"level":"WARN"`) {
		t.Errorf("warned although the provided key and password match:\n%s", e.logs)
	}
}

func TestProvidedPasswordOnlyGeneratesTheKey(t *testing.T) {
	e := newEnv(t)
	root, err := e.run(t, bootstrap.Credentials{Password: "Operator-Pa55word!"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	f := readFile(t, e.file)
	if f.AccessKeyId != root.AccessKeyID || f.AccessKeySecret == "" || f.Password != "" {
		t.Errorf("file = %+v; want the generated key and no password (the operator chose it)", f)
	}
}

func TestProvidedCredentialsRejected(t *testing.T) {
	tests := []struct {
		name string
		c    bootstrap.Credentials
		want string
	}{
		{"id without secret", bootstrap.Credentials{AccessKeyID: "LTAIabcdefgh"}, "set together"},
		{"secret without id", bootstrap.Credentials{AccessKeySecret: "0123456789abcdefgh"}, "set together"},
		{"short secret", bootstrap.Credentials{AccessKeyID: "LTAIabcdefgh", AccessKeySecret: "short"}, "16 to 128"},
		{"id with space", bootstrap.Credentials{AccessKeyID: "LTAI abc", AccessKeySecret: "0123456789abcdefgh"}, "printable"},
		{"sts prefix", bootstrap.Credentials{AccessKeyID: "STS.abcdef", AccessKeySecret: "0123456789abcdefgh"}, "STS."},
		{"short password", bootstrap.Credentials{Password: "abc"}, "8 to 128"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.run(t, tt.c, 1)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.want)
			}
			if e.store.state.account != nil {
				t.Errorf("an account was created")
			}
			if strings.Contains(err.Error(), "0123456789abcdefgh") {
				t.Errorf("error reveals the secret: %v", err)
			}
		})
	}
}

func TestWrongMasterKeyIsRefused(t *testing.T) {
	e := newEnv(t)
	if _, err := e.run(t, bootstrap.Credentials{}, 1); err != nil {
		t.Fatal(err)
	}
	e.box = newBox(t, 2)
	_, err := e.run(t, bootstrap.Credentials{}, 1)
	if !errors.Is(err, bootstrap.ErrWrongMasterKey) || !strings.Contains(err.Error(), "master-key-file") {
		t.Errorf("err = %v, want ErrWrongMasterKey with advice", err)
	}
}

// TestWrongMasterKeyIsRefusedWithoutRootKeys: a root that deleted its AccessKeys (as RAM
// advises) leaves the users' AccessKeys and MFA seeds to tell a wrong master key, which would
// otherwise start, answer InternalError for every user's key, and seal new secrets under itself.
func TestWrongMasterKeyIsRefusedWithoutRootKeys(t *testing.T) {
	for _, tt := range []struct {
		name   string
		secret func(e *env)
	}{
		{"a user's AccessKey", func(e *env) {
			e.store.state.users = []store.User{{ID: "u1", Name: "nokey"}, {ID: "u2", Name: "withkey"}}
			e.store.state.keys["LTAIuser"] = store.AccessKey{ID: "LTAIuser", UserID: "u2",
				SecretCiphertext: e.box.SealSecret("user-secret", "LTAIuser"), Status: store.AccessKeyActive}
		}},
		{"an MFA device's seed", func(e *env) {
			serial := "acs:ram::1:mfa/d"
			e.store.state.devices = []store.VirtualMFADevice{{SerialNumber: serial, SeedCiphertext: e.box.SealSecret("SEED", serial)}}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			if _, err := e.run(t, bootstrap.Credentials{}, 1); err != nil {
				t.Fatal(err)
			}
			clear(e.store.state.keys) // the root's only key, deleted
			tt.secret(e)
			if _, err := e.run(t, bootstrap.Credentials{}, 1); err != nil {
				t.Fatalf("the right master key: %v", err)
			}
			e.box = newBox(t, 2)
			_, err := e.run(t, bootstrap.Credentials{}, 1)
			if !errors.Is(err, bootstrap.ErrWrongMasterKey) || !strings.Contains(err.Error(), "master-key-file") {
				t.Errorf("err = %v, want ErrWrongMasterKey with advice", err)
			}
		})
	}
	t.Run("no secret at all", func(t *testing.T) {
		e := newEnv(t)
		if _, err := e.run(t, bootstrap.Credentials{}, 1); err != nil {
			t.Fatal(err)
		}
		clear(e.store.state.keys)
		e.store.state.users = []store.User{{ID: "u1", Name: "nokey"}}
		e.box = newBox(t, 2)
		if _, err := e.run(t, bootstrap.Credentials{}, 1); err != nil {
			t.Errorf("a store with no secret to check refused: %v", err)
		}
	})
}

// TestInterruptedFirstStart: the file was written but the account never committed. The next
// start commits the same credentials instead of generating (and losing) new ones.
func TestInterruptedFirstStart(t *testing.T) {
	e := newEnv(t)
	left := `{"AccountId":"1234567890123456","AccessKeyId":"LTAIleftover000000000000","AccessKeySecret":"leftoverSecret0123456789abcdef","Password":"Leftover-Pa55"}`
	if err := os.WriteFile(e.file, []byte(left), 0o600); err != nil {
		t.Fatal(err)
	}
	root, err := e.run(t, bootstrap.Credentials{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := bootstrap.Root{AccountID: "1234567890123456", AccessKeyID: "LTAIleftover000000000000", Created: true}
	if root != want {
		t.Errorf("Root = %+v, want %+v", root, want)
	}
	if got := storedSecret(t, e, root.AccessKeyID); got != "leftoverSecret0123456789abcdef" {
		t.Errorf("stored secret = %q", got)
	}
	if b, _ := os.ReadFile(e.file); string(b) != left {
		t.Errorf("the leftover file was rewritten")
	}
}

func TestLeftoverFileMissingASecretIsAnError(t *testing.T) {
	e := newEnv(t)
	if err := os.WriteFile(e.file, []byte(`{"AccountId":"1234567890123456","AccessKeyId":"LTAIx0000000"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := e.run(t, bootstrap.Credentials{}, 1); err == nil || !strings.Contains(err.Error(), "interrupted first start") {
		t.Errorf("err = %v", err)
	}
	if e.store.state.account != nil {
		t.Errorf("an account was created")
	}
}

func TestConcurrentFirstStartsAgree(t *testing.T) {
	st := newFakeStore()
	box := newBox(t, 1)
	dir := t.TempDir()
	const n = 6
	roots := make([]bootstrap.Root, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			roots[i], errs[i] = bootstrap.Run(context.Background(), st, bootstrap.Options{
				// One data directory per node, as on PostgreSQL with several nodes.
				CredentialsFile: filepath.Join(dir, string(rune('a'+i)), "root-credentials.json"),
				Box:             box,
				IDs:             secrets.NewIDGen(nil),
				Logger:          slog.New(slog.DiscardHandler),
			})
		})
	}
	wg.Wait()
	created, files := 0, 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("node %d: %v", i, errs[i])
		}
		if roots[i].AccountID != roots[0].AccountID || roots[i].AccessKeyID != roots[0].AccessKeyID {
			t.Errorf("node %d adopted %+v, node 0 %+v", i, roots[i], roots[0])
		}
		if roots[i].Created {
			created++
		}
		if _, err := os.Stat(filepath.Join(dir, string(rune('a'+i)), "root-credentials.json")); err == nil {
			files++
		}
	}
	if created != 1 || files != 1 {
		t.Errorf("%d nodes created the account and %d credentials files remain; want 1 and 1", created, files)
	}
}
