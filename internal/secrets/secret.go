package secrets

import (
	"fmt"
	"log/slog"
)

// Redacted is what a Secret prints as anywhere it could leak: fmt verbs, slog attributes, JSON.
const Redacted = "[REDACTED]"

// Secret is a string that must never reach a log line, an error message or a JSON document by
// accident. Every way of printing it yields Redacted; Reveal is the one explicit way to get the
// value, so a reviewer can find every place a secret leaves its box by searching for Reveal.
type Secret string

// Reveal returns the secret's value. Call it only where the value is really needed (signing,
// hashing, encrypting, showing it to its owner once).
func (s Secret) Reveal() string { return string(s) }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s == "" }

// String implements fmt.Stringer.
func (Secret) String() string { return Redacted }

// GoString implements fmt.GoStringer, so %#v redacts too.
func (Secret) GoString() string { return Redacted }

// Format implements fmt.Formatter. It covers the verbs Stringer does not (%d, %x on the raw
// string, %q with flags), which would otherwise print the bytes through fmt's bad-verb path.
func (Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(Redacted)) }

// LogValue implements slog.LogValuer.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON implements json.Marshaler. A response that must carry the secret (CreateAccessKey,
// root-credentials.json) converts it with Reveal into a plain string field on purpose.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText implements encoding.TextMarshaler, which encoders other than JSON use.
// (encoding/json writes a string-kinded map key as is, so never key a map by a Secret.)
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }
