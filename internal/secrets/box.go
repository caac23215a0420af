package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// ErrDecrypt is returned by Box.Open for any ciphertext it cannot authenticate: tampered bytes,
// wrong associated data, a different master key, or a truncated value. The causes are
// deliberately not told apart.
var ErrDecrypt = errors.New("secrets: ciphertext cannot be decrypted with this key and associated data")

// boxVersion is the first byte of every ciphertext. It names the key and format, so keys can be
// rotated later: a Box that knows several versions opens all of them and seals with the newest.
const boxVersion byte = 1

// Box encrypts small secrets for storage with AES-256-GCM under the master key.
//
// A ciphertext is version(1) || nonce(12) || sealed(plaintext)+tag(16). The version byte and the
// caller's associated data are both authenticated. Callers pass as associated data what the
// secret belongs to (the AccessKeyId for an AccessKey secret, the user ID for a TOTP seed), so a
// ciphertext copied onto another row fails to open instead of handing out someone else's secret.
//
// Random 96-bit nonces are safe for far more than the number of secrets an IAM service stores
// (NIST's bound is 2^32 encryptions per key). A Box is safe for concurrent use.
type Box struct {
	aead cipher.AEAD
}

// NewBox returns a Box sealing under key.
func NewBox(key MasterKey) (*Box, error) {
	block, err := aes.NewCipher(key.b[:])
	if err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("secrets: %w", err)
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plaintext bound to ad.
func (b *Box) Seal(plaintext, ad []byte) []byte {
	ns := b.aead.NonceSize()
	out := make([]byte, 1+ns, 1+ns+len(plaintext)+b.aead.Overhead())
	out[0] = boxVersion
	rand.Read(out[1 : 1+ns]) // never fails (crypto/rand crashes the process instead)
	return b.aead.Seal(out, out[1:1+ns], plaintext, associated(boxVersion, ad))
}

// Open decrypts a value made by Seal with the same associated data. It returns ErrDecrypt when
// the value does not authenticate.
func (b *Box) Open(ciphertext, ad []byte) ([]byte, error) {
	ns := b.aead.NonceSize()
	if len(ciphertext) < 1+ns+b.aead.Overhead() || ciphertext[0] != boxVersion {
		return nil, ErrDecrypt
	}
	pt, err := b.aead.Open(nil, ciphertext[1:1+ns], ciphertext[1+ns:], associated(ciphertext[0], ad))
	if err != nil {
		return nil, ErrDecrypt
	}
	return pt, nil
}

// SealSecret is Seal for a Secret, with the owner's identifier (an AccessKeyId, say) as the
// associated data.
func (b *Box) SealSecret(s Secret, owner string) []byte {
	return b.Seal([]byte(s.Reveal()), []byte(owner))
}

// OpenSecret reverses SealSecret.
func (b *Box) OpenSecret(ciphertext []byte, owner string) (Secret, error) {
	pt, err := b.Open(ciphertext, []byte(owner))
	if err != nil {
		return "", err
	}
	return Secret(pt), nil
}

// associated prefixes the caller's associated data with the version byte, so the version is
// authenticated even though it travels in the clear.
func associated(version byte, ad []byte) []byte {
	out := make([]byte, 0, 1+len(ad))
	return append(append(out, version), ad...)
}
