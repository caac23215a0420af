package secrets_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/rampart-iam/rampart/internal/secrets"
)

const plain = "hunter2-very-secret"

func TestSecretRedactsInFmt(t *testing.T) {
	s := secrets.Secret(plain)
	type holder struct {
		Name   string
		Secret secrets.Secret
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s", "%T %v"} {
		for _, arg := range []any{s, &s, holder{"n", s}, []secrets.Secret{s}, map[string]secrets.Secret{"k": s}} {
			got := fmt.Sprintf(format, arg)
			if strings.Contains(got, plain) || strings.Contains(got, fmt.Sprintf("%x", plain)) {
				t.Errorf("Sprintf(%q, %T) = %q reveals the secret", format, arg, got)
			}
		}
	}
	if got := fmt.Sprint(s); got != secrets.Redacted {
		t.Errorf("Sprint = %q, want %q", got, secrets.Redacted)
	}
	if got := s.Reveal(); got != plain {
		t.Errorf("Reveal = %q, want %q", got, plain)
	}
}

func TestSecretRedactsInSlog(t *testing.T) {
	for _, newHandler := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var buf bytes.Buffer
		log := slog.New(newHandler(&buf))
		s := secrets.Secret(plain)
		log.Info("msg", "secret", s, "ptr", &s, "any", any(s), slog.Group("g", "secret", s))
		log.Info("msg", "struct", struct{ S secrets.Secret }{s})
		if strings.Contains(buf.String(), plain) {
			t.Errorf("log output reveals the secret:\n%s", buf.String())
		}
		if !strings.Contains(buf.String(), secrets.Redacted) {
			t.Errorf("log output lacks %q:\n%s", secrets.Redacted, buf.String())
		}
	}
}

func TestSecretRedactsInJSON(t *testing.T) {
	v := map[string]any{"s": secrets.Secret(plain), "l": []secrets.Secret{plain}, "p": struct{ S *secrets.Secret }{new(secrets.Secret(plain))}}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"l":["[REDACTED]"],"p":{"S":"[REDACTED]"},"s":"[REDACTED]"}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
}

func TestMasterKeyRedacts(t *testing.T) {
	raw := bytes.Repeat([]byte{0xAB}, secrets.MasterKeySize)
	k, err := secrets.NewMasterKey(raw)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("k", "key", k)
	for _, got := range []string{fmt.Sprintf("%v %+v %#v %x %s %d", k, k, k, k, k, k), buf.String()} {
		if strings.Contains(got, "ab") || strings.Contains(got, "AB") || strings.Contains(got, "171") {
			t.Errorf("output reveals key bytes: %s", got)
		}
	}
}
