package config_test

import (
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rampart-iam/rampart/internal/config"
)

func TestDefaultIsValid(t *testing.T) {
	c := config.Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v", err)
	}
	if c.Listen != "127.0.0.1:8080" || c.DataDir != "./rampart-data" || c.Store != config.StoreSQLite {
		t.Errorf("Default() = %+v, want 127.0.0.1:8080, ./rampart-data, sqlite", c)
	}
	if c.TLS() {
		t.Errorf("Default() serves TLS")
	}
	if c.ConsoleLogonRateLimit != 10 {
		t.Errorf("Default().ConsoleLogonRateLimit = %d, want 10 sign-in attempts a minute per IP", c.ConsoleLogonRateLimit)
	}
	if got, want := c.MasterKeyPath(), filepath.Join("rampart-data", "master.key"); got != want {
		t.Errorf("MasterKeyPath() = %q, want %q", got, want)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*config.Config)
		want   []string // substrings, one per expected problem; nil means valid
	}{
		{"postgres with dsn", func(c *config.Config) { c.Store, c.PostgresDSN = "postgres", "postgres://x" }, nil},
		{"any port", func(c *config.Config) { c.Listen = ":0" }, nil},
		{"ipv6", func(c *config.Config) { c.Listen = "[::1]:9000" }, nil},
		{"tls pair", func(c *config.Config) { c.TLSCertFile, c.TLSKeyFile = "c.pem", "k.pem" }, nil},
		{"json debug", func(c *config.Config) { c.LogFormat, c.LogLevel = "json", "debug" }, nil},
		{"rate limits", func(c *config.Config) { c.RateLimit = config.RateLimit{PerAccessKey: 10, Burst: 20} }, nil},
		{"console logon rate limit off", func(c *config.Config) { c.ConsoleLogonRateLimit = 0 }, nil},
		{"listen without port", func(c *config.Config) { c.Listen = "localhost" }, []string{"--listen"}},
		{"listen bad port", func(c *config.Config) { c.Listen = "localhost:http-ish" }, []string{"--listen"}},
		{"listen port too big", func(c *config.Config) { c.Listen = ":70000" }, []string{"--listen"}},
		{"no data dir", func(c *config.Config) { c.DataDir = "" }, []string{"--data"}},
		{"unknown store", func(c *config.Config) { c.Store = "mysql" }, []string{"--store \"mysql\""}},
		{"postgres without dsn", func(c *config.Config) { c.Store = "postgres" }, []string{"needs --postgres-dsn"}},
		{"dsn with sqlite", func(c *config.Config) { c.PostgresDSN = "postgres://x" }, []string{"--postgres-dsn is set"}},
		{"cert without key", func(c *config.Config) { c.TLSCertFile = "c.pem" }, []string{"together"}},
		{"key without cert", func(c *config.Config) { c.TLSKeyFile = "k.pem" }, []string{"together"}},
		{"bad level", func(c *config.Config) { c.LogLevel = "loud" }, []string{"--log-level"}},
		{"bad format", func(c *config.Config) { c.LogFormat = "xml" }, []string{"--log-format"}},
		{"zero shutdown", func(c *config.Config) { c.ShutdownTimeout = 0 }, []string{"--shutdown-timeout"}},
		{"drain delay", func(c *config.Config) { c.DrainDelay = 10 * time.Second }, nil},
		{"negative drain delay", func(c *config.Config) { c.DrainDelay = -time.Second }, []string{"--drain-delay -1s: must not be negative"}},
		{"zero body limit", func(c *config.Config) { c.MaxBodyBytes = 0 }, []string{"body limit"}},
		{"negative rate", func(c *config.Config) { c.RateLimit.PerIP = -1 }, []string{"negative"}},
		{"rate without burst", func(c *config.Config) { c.RateLimit.PerIP = 5 }, []string{"burst"}},
		{"negative console logon rate", func(c *config.Config) { c.ConsoleLogonRateLimit = -1 }, []string{"--console-logon-rate-limit -1"}},
		{"everything wrong at once", func(c *config.Config) {
			c.Listen, c.DataDir, c.Store, c.LogLevel, c.LogFormat = "nope", "", "oracle", "x", "y"
		}, []string{"--listen", "--data", "--store", "--log-level", "--log-format"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Default()
			tt.change(&c)
			err := c.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want problems %q", tt.want)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Errorf("Validate() reported %d problems, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want a problem mentioning %q", err, w)
				}
			}
		})
	}
}

func TestValidateNeverPrintsTheDSN(t *testing.T) {
	c := config.Default()
	c.PostgresDSN = "postgres://u:topsecret@db/x" // set with sqlite: an error that concerns the DSN
	err := c.Validate()
	if err == nil || strings.Contains(err.Error(), "topsecret") {
		t.Errorf("Validate() = %v; want an error that does not include the DSN", err)
	}
}

func TestPaths(t *testing.T) {
	c := config.Default()
	c.DataDir = "/var/lib/rampart"
	if got := c.SQLitePath(); got != "/var/lib/rampart/rampart.db" {
		t.Errorf("SQLitePath() = %q", got)
	}
	if got := c.RootCredentialsPath(); got != "/var/lib/rampart/root-credentials.json" {
		t.Errorf("RootCredentialsPath() = %q", got)
	}
	if got := c.MasterKeyPath(); got != "/var/lib/rampart/master.key" {
		t.Errorf("MasterKeyPath() = %q", got)
	}
	c.MasterKeyFile = "/etc/rampart/key"
	if got := c.MasterKeyPath(); got != "/etc/rampart/key" {
		t.Errorf("MasterKeyPath() with MasterKeyFile = %q", got)
	}
}

func TestLevel(t *testing.T) {
	for in, want := range map[string]slog.Level{"debug": slog.LevelDebug, "INFO": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError, "bogus": slog.LevelInfo} {
		c := config.Default()
		c.LogLevel = in
		if got := c.Level(); got != want {
			t.Errorf("Level(%q) = %v, want %v", in, got, want)
		}
	}
}
