package secrets

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
)

// MasterKeySize is the length of a master key in bytes (AES-256).
const MasterKeySize = 32

// MasterKey is the key that encrypts every secret Rampart stores. It lives outside the database
// (a file, by default next to it) so that a copy of the database alone reveals nothing. It
// redacts itself like Secret.
type MasterKey struct{ b [MasterKeySize]byte }

// NewMasterKey makes a key from exactly MasterKeySize bytes.
func NewMasterKey(b []byte) (MasterKey, error) {
	var k MasterKey
	if len(b) != MasterKeySize {
		return k, fmt.Errorf("master key: want %d bytes, got %d", MasterKeySize, len(b))
	}
	copy(k.b[:], b)
	return k, nil
}

// GenerateMasterKey reads a new key from r (crypto/rand.Reader when r is nil).
func GenerateMasterKey(r io.Reader) (MasterKey, error) {
	if r == nil {
		r = rand.Reader
	}
	var k MasterKey
	if _, err := io.ReadFull(r, k.b[:]); err != nil {
		return k, fmt.Errorf("generate master key: %w", err)
	}
	return k, nil
}

// String implements fmt.Stringer.
func (MasterKey) String() string { return Redacted }

// Format implements fmt.Formatter; without it %v would print the array field.
func (MasterKey) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(Redacted)) }

// LogValue implements slog.LogValuer.
func (MasterKey) LogValue() slog.Value { return slog.StringValue(Redacted) }

// LoadOrCreateMasterKey reads the master key at path, or creates one there when no file exists.
// created reports whether it did. The file holds the key in standard base64 and one newline, so an
// operator can provide their own (`openssl rand -base64 32 > master.key; chmod 600 master.key`).
//
// A key file readable or writable by group or others is refused rather than silently used,
// as is a file whose content is not exactly MasterKeySize bytes. Creation is atomic: the key is
// written to a temporary file, synced and linked into place, so two processes starting at once
// end up with the same key and a crash never leaves a half-written one.
func LoadOrCreateMasterKey(path string) (key MasterKey, created bool, err error) {
	key, err = LoadMasterKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, false, err
	}
	key, err = GenerateMasterKey(nil)
	if err != nil {
		return key, false, err
	}
	switch err := CreateSecretFile(path, encodeMasterKey(key)); {
	case errors.Is(err, fs.ErrExist):
		// Another process won the race; use its key.
		key, err = LoadMasterKey(path)
		return key, false, err
	case err != nil:
		return MasterKey{}, false, fmt.Errorf("create master key: %w", err)
	}
	return key, true, nil
}

// LoadMasterKey reads an existing master key file, with the checks LoadOrCreateMasterKey
// describes. A missing file yields an error matching fs.ErrNotExist.
func LoadMasterKey(path string) (MasterKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return MasterKey{}, fmt.Errorf("master key: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return MasterKey{}, fmt.Errorf("master key: %w", err)
	}
	if !info.Mode().IsRegular() {
		return MasterKey{}, fmt.Errorf("master key %s: not a regular file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return MasterKey{}, fmt.Errorf("master key %s has mode %04o, which lets group or others read it; "+
			"run: chmod 600 %s", path, perm, path)
	}
	// A key file is 45 bytes; read a little more to detect the wrong file without reading a huge one.
	data, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return MasterKey{}, fmt.Errorf("master key %s: %w", path, err)
	}
	raw, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(data)))
	if err != nil || len(raw) != MasterKeySize {
		return MasterKey{}, fmt.Errorf("master key %s: want %d random bytes in base64 (44 characters, "+
			"as `openssl rand -base64 32` prints)", path, MasterKeySize)
	}
	return NewMasterKey(raw)
}

func encodeMasterKey(k MasterKey) []byte {
	return []byte(base64.StdEncoding.EncodeToString(k.b[:]) + "\n")
}
