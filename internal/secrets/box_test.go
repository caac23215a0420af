package secrets_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/rampart-iam/rampart/internal/secrets"
)

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

func TestBoxRoundTrip(t *testing.T) {
	b := newBox(t, 1)
	for _, pt := range [][]byte{{}, []byte("x"), bytes.Repeat([]byte("secret"), 1000)} {
		ct := b.Seal(pt, []byte("LTAIowner"))
		if ct[0] != 1 {
			t.Errorf("version byte = %d, want 1", ct[0])
		}
		// Only a long plaintext can be looked for: random ciphertext bytes contain a one-byte
		// plaintext about one time in nine.
		if len(pt) >= 8 && bytes.Contains(ct, pt) {
			t.Errorf("ciphertext contains the plaintext")
		}
		got, err := b.Open(ct, []byte("LTAIowner"))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if !bytes.Equal(got, pt) {
			t.Errorf("Open = %q, want %q", got, pt)
		}
	}
	if a, c := b.Seal([]byte("same"), nil), b.Seal([]byte("same"), nil); bytes.Equal(a, c) {
		t.Errorf("two seals of the same plaintext are equal; nonces repeat")
	}
}

func TestBoxSecretRoundTrip(t *testing.T) {
	b := newBox(t, 1)
	ct := b.SealSecret("s3cr3t", "LTAI123")
	got, err := b.OpenSecret(ct, "LTAI123")
	if err != nil || got.Reveal() != "s3cr3t" {
		t.Fatalf("OpenSecret = %v, %v", got.Reveal(), err)
	}
	if _, err := b.OpenSecret(ct, "LTAI124"); !errors.Is(err, secrets.ErrDecrypt) {
		t.Errorf("OpenSecret with another owner: err = %v, want ErrDecrypt", err)
	}
}

func TestBoxRejects(t *testing.T) {
	b := newBox(t, 1)
	ad := []byte("LTAIaaaa")
	ct := b.Seal([]byte("the secret"), ad)
	flip := func(i int) []byte {
		c := bytes.Clone(ct)
		c[i] ^= 0x01
		return c
	}
	tests := []struct {
		name string
		box  *secrets.Box
		ct   []byte
		ad   []byte
	}{
		{"wrong associated data", b, ct, []byte("LTAIbbbb")},
		{"missing associated data", b, ct, nil},
		{"other key", newBox(t, 2), ct, ad},
		{"version byte changed", b, flip(0), ad},
		{"nonce tampered", b, flip(5), ad},
		{"body tampered", b, flip(14), ad},
		{"tag tampered", b, flip(len(ct) - 1), ad},
		{"truncated", b, ct[:len(ct)-1], ad},
		{"too short", b, ct[:10], ad},
		{"empty", b, nil, ad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.box.Open(tt.ct, tt.ad)
			if !errors.Is(err, secrets.ErrDecrypt) || got != nil {
				t.Errorf("Open = %q, %v; want nil, ErrDecrypt", got, err)
			}
		})
	}
}
