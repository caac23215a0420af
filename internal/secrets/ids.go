package secrets

import (
	"crypto/rand"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Formats of generated identifiers, as RAM shows them (shared/reference/ram.md §2).
const (
	AccountIDLen       = 16 // digits, no leading zero
	EntityIDLen        = 16 // digits, no leading zero (UserId, GroupId, RoleId, ...)
	AccessKeyIDPrefix  = "LTAI"
	AccessKeyIDLen     = 24 // "LTAI" + 20 base62 characters
	AccessKeySecretLen = 30 // base62 characters
	RequestIDLen       = 36 // upper-case UUID v4
	PasswordLen        = 20 // generated passwords
)

const (
	digits = "0123456789"
	base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	// symbols RAM's password policy accepts; kept to characters that need no quoting in a shell.
	symbols = "!@#%^*-_=+.,"
)

// IDGen generates identifiers and credentials from a random source. Servers use
// crypto/rand; tests inject a seeded reader (math/rand/v2's ChaCha8) for reproducible IDs.
// Characters are drawn by rejection sampling, so every character is uniform. It is safe for
// concurrent use.
//
// The methods panic if the reader fails, as crypto/rand itself does: a server without
// randomness must not issue credentials.
type IDGen struct {
	mu   sync.Mutex
	r    io.Reader
	uuid [16]byte // RequestID's random bytes, guarded by mu (see uuidBytes)
}

// NewIDGen returns a generator reading from r, or from crypto/rand when r is nil.
func NewIDGen(r io.Reader) *IDGen {
	if r == nil {
		r = rand.Reader
	}
	return &IDGen{r: r}
}

// AccountID returns a new 16-digit account ID (the first digit is never 0).
func (g *IDGen) AccountID() string { return g.number(AccountIDLen) }

// EntityID returns a new ID for a user, group, role or other RAM entity: 16 digits, no
// leading zero.
func (g *IDGen) EntityID() string { return g.number(EntityIDLen) }

// AccessKeyID returns a new AccessKeyId: "LTAI" followed by 20 base62 characters.
func (g *IDGen) AccessKeyID() string {
	return AccessKeyIDPrefix + g.draw(base62, AccessKeyIDLen-len(AccessKeyIDPrefix))
}

// AccessKeySecret returns a new AccessKeySecret: 30 base62 characters.
func (g *IDGen) AccessKeySecret() Secret { return Secret(g.draw(base62, AccessKeySecretLen)) }

// Password returns a new 20-character password with at least one lower-case letter, upper-case
// letter, digit and symbol, so it passes any RAM password policy short of a longer minimum.
func (g *IDGen) Password() Secret {
	for {
		p := g.draw(base62+symbols, PasswordLen)
		if hasEach(p, "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", digits, symbols) {
			return Secret(p)
		}
	}
}

// RequestID returns a new RequestId: a random (version 4) UUID in upper case, 36 characters,
// such as "0A1B2C3D-4E5F-4A6B-8C7D-8E9F0A1B2C3D". It is encoded by hand rather than with
// fmt: every API request gets one, and this way the string is its only allocation.
func (g *IDGen) RequestID() string {
	u := g.uuidBytes()
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant

	const hex = "0123456789ABCDEF"
	var out [RequestIDLen]byte
	j := 0
	for i, b := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out[j] = '-'
			j++
		}
		out[j], out[j+1] = hex[b>>4], hex[b&0x0f]
		j += 2
	}
	return string(out[:])
}

// uuidBytes returns 16 random bytes read into g.uuid, which, unlike a local array, does not
// escape to the heap through the io.Reader call.
func (g *IDGen) uuidBytes() [16]byte {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.readLocked(g.uuid[:])
	return g.uuid
}

func (g *IDGen) number(n int) string {
	return g.draw(digits[1:], 1) + g.draw(digits, n-1)
}

// draw returns n characters chosen uniformly from alphabet (at most 256 characters).
func (g *IDGen) draw(alphabet string, n int) string {
	// Accept a byte only below the largest multiple of len(alphabet), so b%len is uniform.
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4+4)
	for len(out) < n {
		g.read(buf)
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}

func (g *IDGen) read(p []byte) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.readLocked(p)
}

// readLocked fills p from the reader; g.mu must be held.
func (g *IDGen) readLocked(p []byte) {
	if _, err := io.ReadFull(g.r, p); err != nil {
		panic(fmt.Sprintf("secrets: random source failed: %v", err))
	}
}

func hasEach(s string, classes ...string) bool {
	for _, c := range classes {
		if !strings.ContainsAny(s, c) {
			return false
		}
	}
	return true
}
