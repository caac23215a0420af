package secrets_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rampart-iam/rampart/internal/secrets"
)

func newHasher(t *testing.T, p secrets.PasswordParams) *secrets.PasswordHasher {
	t.Helper()
	h, err := secrets.NewPasswordHasher(p, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestPasswordHashVerify(t *testing.T) {
	ctx := context.Background()
	h := newHasher(t, secrets.TestPasswordParams())
	phc, err := h.Hash(ctx, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash %q lacks the PHC prefix", phc)
	}
	if strings.Contains(phc, "correct horse") {
		t.Errorf("hash contains the password")
	}
	for _, tt := range []struct {
		pw   secrets.Secret
		want bool
	}{{"correct horse", true}, {"correct hors", false}, {"Correct horse", false}, {"", false}} {
		ok, err := h.Verify(ctx, tt.pw, phc)
		if err != nil || ok != tt.want {
			t.Errorf("Verify(%q) = %v, %v; want %v, nil", tt.pw.Reveal(), ok, err, tt.want)
		}
	}
	if again, _ := h.Hash(ctx, "correct horse"); again == phc {
		t.Errorf("two hashes of one password are equal; salts repeat")
	}
}

func TestPasswordParamsReadBackFromHash(t *testing.T) {
	ctx := context.Background()
	old := newHasher(t, secrets.PasswordParams{Memory: 2048, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32})
	phc, err := old.Hash(ctx, "pw")
	if err != nil {
		t.Fatal(err)
	}
	ph, err := secrets.ParsePasswordHash(phc)
	if err != nil {
		t.Fatal(err)
	}
	want := secrets.PasswordParams{Memory: 2048, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
	if diff := cmp.Diff(want, ph.Params); diff != "" {
		t.Errorf("parsed params (-want +got):\n%s", diff)
	}
	if ph.String() != phc {
		t.Errorf("String() = %q, want the input %q", ph.String(), phc)
	}
	// A hasher with other parameters still verifies the old hash, and asks for a rehash.
	cur := newHasher(t, secrets.TestPasswordParams())
	if ok, err := cur.Verify(ctx, "pw", phc); !ok || err != nil {
		t.Errorf("Verify with newer params = %v, %v", ok, err)
	}
	if !cur.NeedsRehash(phc) {
		t.Errorf("NeedsRehash = false for a hash with other params")
	}
	if old.NeedsRehash(phc) {
		t.Errorf("NeedsRehash = true for a hash with the hasher's own params")
	}
	if !cur.NeedsRehash("garbage") {
		t.Errorf("NeedsRehash = false for garbage")
	}
}

func TestParsePasswordHashRejects(t *testing.T) {
	salt, key := "c2FsdHNhbHRzYWx0c2FsdA", "a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"
	for _, s := range []string{
		"",
		"plain",
		"$argon2i$v=19$m=1024,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=16$m=1024,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=1,p=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=1,x=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=1,p=300$" + salt + "$" + key,
		"$argon2id$v=19$m=-1,t=1,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + key, // 4 GiB
		"$argon2id$v=19$m=1024,t=1000,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=0,p=1$" + salt + "$" + key,
		"$argon2id$v=19$m=1024,t=1,p=1$" + salt + "=$" + key,
		"$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$" + key, // 4-byte salt
		"$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$a2V5",
		"$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$" + key + "$",
	} {
		if _, err := secrets.ParsePasswordHash(s); err == nil {
			t.Errorf("ParsePasswordHash(%q) succeeded", s)
		}
		h := newHasher(t, secrets.TestPasswordParams())
		if ok, err := h.Verify(context.Background(), "pw", s); ok || err == nil {
			t.Errorf("Verify against %q = %v, %v; want false and an error", s, ok, err)
		}
	}
}

func TestPasswordHashDeterministicWithSeededSalt(t *testing.T) {
	hash := func() string {
		h, err := secrets.NewPasswordHasher(secrets.TestPasswordParams(), 1, rand.NewChaCha8([32]byte{7}))
		if err != nil {
			t.Fatal(err)
		}
		s, err := h.Hash(context.Background(), "pw")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if a, b := hash(), hash(); a != b {
		t.Errorf("hashes with the same seeded salt differ: %q vs %q", a, b)
	}
}

func TestPasswordHasherStopsOnCancelledContext(t *testing.T) {
	h := newHasher(t, secrets.TestPasswordParams())
	phc, err := h.Hash(context.Background(), "pw")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Hash(ctx, "pw"); !errors.Is(err, context.Canceled) {
		t.Errorf("Hash: err = %v, want context.Canceled", err)
	}
	if ok, err := h.Verify(ctx, "pw", phc); ok || !errors.Is(err, context.Canceled) {
		t.Errorf("Verify = %v, %v; want false, context.Canceled", ok, err)
	}
}

func TestNewPasswordHasherRejectsBadParams(t *testing.T) {
	for _, p := range []secrets.PasswordParams{
		{},
		{Memory: 1024, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
		{Memory: 4, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 1024, Time: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 8},
	} {
		if _, err := secrets.NewPasswordHasher(p, 1, nil); err == nil {
			t.Errorf("NewPasswordHasher(%+v) succeeded", p)
		}
	}
	if _, err := secrets.NewPasswordHasher(secrets.DefaultPasswordParams(), 0, nil); err == nil {
		t.Errorf("maxConcurrent 0 accepted")
	}
}

func BenchmarkPasswordHashDefault(b *testing.B) {
	h, err := secrets.NewPasswordHasher(secrets.DefaultPasswordParams(), 1, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := h.Hash(context.Background(), "benchmark password"); err != nil {
			b.Fatal(err)
		}
	}
}
