package secrets

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are argon2id's cost parameters. They are stored in every hash, so raising them
// later affects new hashes only; NeedsRehash tells a login handler when to upgrade an old one.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultPasswordParams is OWASP's second argon2id profile (m=64 MiB, t=1, p=2), which took 33 ms
// per hash on the 2-core reference machine (see shared/reference/ecosystem.md).
func DefaultPasswordParams() PasswordParams {
	return PasswordParams{Memory: 64 * 1024, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32}
}

// TestPasswordParams are cheap parameters (1 MiB, one pass) for tests that hash many passwords.
// Never use them in a server.
func TestPasswordParams() PasswordParams {
	return PasswordParams{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Bounds accepted from a stored hash, so a corrupt or hostile row cannot make a login allocate
// gigabytes or spin for minutes.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 64
	minSaltLen   = 8
	maxSaltLen   = 64
	minKeyLen    = 16
	maxKeyLen    = 64
)

func (p PasswordParams) validate() error {
	var errs []error
	if p.Threads < 1 {
		errs = append(errs, errors.New("threads must be at least 1"))
	}
	if p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemoryKiB {
		errs = append(errs, fmt.Errorf("memory %d KiB out of range [8*threads, %d]", p.Memory, maxMemoryKiB))
	}
	if p.Time < 1 || p.Time > maxTime {
		errs = append(errs, fmt.Errorf("time %d out of range [1, %d]", p.Time, maxTime))
	}
	if p.SaltLen < minSaltLen || p.SaltLen > maxSaltLen {
		errs = append(errs, fmt.Errorf("salt length %d out of range [%d, %d]", p.SaltLen, minSaltLen, maxSaltLen))
	}
	if p.KeyLen < minKeyLen || p.KeyLen > maxKeyLen {
		errs = append(errs, fmt.Errorf("key length %d out of range [%d, %d]", p.KeyLen, minKeyLen, maxKeyLen))
	}
	return errors.Join(errs...)
}

// PasswordHasher hashes and verifies passwords with argon2id. Each hash holds Memory KiB for its
// duration, so the hasher lets at most maxConcurrent run at once: a burst of logins queues
// instead of exhausting RAM. It is safe for concurrent use.
type PasswordHasher struct {
	params PasswordParams
	sem    chan struct{}
	rand   io.Reader
}

// NewPasswordHasher returns a hasher producing hashes with params. random supplies salts
// (crypto/rand.Reader when nil).
func NewPasswordHasher(params PasswordParams, maxConcurrent int, random io.Reader) (*PasswordHasher, error) {
	if err := params.validate(); err != nil {
		return nil, fmt.Errorf("password params: %w", err)
	}
	if maxConcurrent < 1 {
		return nil, fmt.Errorf("password hasher: maxConcurrent %d, want at least 1", maxConcurrent)
	}
	if random == nil {
		random = cryptoRand{}
	}
	return &PasswordHasher{params: params, sem: make(chan struct{}, maxConcurrent), rand: random}, nil
}

type cryptoRand struct{}

func (cryptoRand) Read(p []byte) (int, error) { return rand.Read(p) }

// Hash returns password's argon2id hash as a PHC string:
// $argon2id$v=19$m=65536,t=1,p=2$<salt>$<key> (unpadded standard base64).
func (h *PasswordHasher) Hash(ctx context.Context, password Secret) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := io.ReadFull(h.rand, salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key, err := h.derive(ctx, password, salt, h.params)
	if err != nil {
		return "", err
	}
	return PasswordHash{Params: h.params, Salt: salt, Key: key}.String(), nil
}

// Verify reports whether password matches encoded, a hash made by Hash (possibly with other
// parameters). A mismatch is (false, nil); an error means encoded is malformed or ctx ended while
// waiting for a hashing slot. The comparison takes constant time.
func (h *PasswordHasher) Verify(ctx context.Context, password Secret, encoded string) (bool, error) {
	ph, err := ParsePasswordHash(encoded)
	if err != nil {
		return false, err
	}
	key, err := h.derive(ctx, password, ph.Salt, ph.Params)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(key, ph.Key) == 1, nil
}

// NeedsRehash reports whether encoded was made with other parameters than this hasher's (or
// cannot be parsed), so a successful login should store a fresh hash.
func (h *PasswordHasher) NeedsRehash(encoded string) bool {
	ph, err := ParsePasswordHash(encoded)
	return err != nil || ph.Params != h.params
}

func (h *PasswordHasher) derive(ctx context.Context, password Secret, salt []byte, p PasswordParams) ([]byte, error) {
	if ctx.Err() != nil { // select below picks at random when both cases are ready
		return nil, context.Cause(ctx)
	}
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
	defer func() { <-h.sem }()
	return argon2.IDKey([]byte(password.Reveal()), salt, p.Time, p.Memory, p.Threads, p.KeyLen), nil
}

// PasswordHash is a parsed PHC string.
type PasswordHash struct {
	Params PasswordParams
	Salt   []byte
	Key    []byte
}

// String encodes h in PHC form. (The key is a one-way hash, not a secret to redact.)
func (h PasswordHash) String() string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.Params.Memory, h.Params.Time, h.Params.Threads, b64.EncodeToString(h.Salt), b64.EncodeToString(h.Key))
}

// ParsePasswordHash parses an argon2id PHC string, checking that its parameters are within the
// bounds a server will spend on one login.
func ParsePasswordHash(encoded string) (PasswordHash, error) {
	var ph PasswordHash
	bad := func(why string) (PasswordHash, error) {
		return PasswordHash{}, fmt.Errorf("password hash: %s", why)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return bad("not a PHC string")
	}
	if parts[1] != "argon2id" {
		return bad(fmt.Sprintf("algorithm %q, want argon2id", parts[1]))
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad(fmt.Sprintf("version %q, want v=%d", parts[2], argon2.Version))
	}
	var seen [3]bool
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return bad(fmt.Sprintf("parameter %q", kv))
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return bad(fmt.Sprintf("parameter %q", kv))
		}
		var i int
		switch k {
		case "m":
			i, ph.Params.Memory = 0, uint32(n)
		case "t":
			i, ph.Params.Time = 1, uint32(n)
		case "p":
			if n > 255 {
				return bad(fmt.Sprintf("parameter %q", kv))
			}
			i, ph.Params.Threads = 2, uint8(n)
		default:
			return bad(fmt.Sprintf("unknown parameter %q", k))
		}
		if seen[i] {
			return bad(fmt.Sprintf("repeated parameter %q", k))
		}
		seen[i] = true
	}
	if seen != [3]bool{true, true, true} {
		return bad("want parameters m, t and p")
	}
	var err error
	if ph.Salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil {
		return bad("salt is not unpadded base64")
	}
	if ph.Key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil {
		return bad("key is not unpadded base64")
	}
	ph.Params.SaltLen, ph.Params.KeyLen = uint32(len(ph.Salt)), uint32(len(ph.Key))
	if err := ph.Params.validate(); err != nil {
		return bad(err.Error())
	}
	return ph, nil
}
