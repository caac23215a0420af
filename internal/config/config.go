// Package config describes how a Rampart server is configured: one plain Config value with
// defaults (Default) and a check that reports every problem at once (Validate), in the manner of
// Litestream's config. It reads nothing itself; the cli package fills a Config from flags and
// RAMPART_* environment variables, and the packages below cli receive plain values from it.
package config

import (
	"log/slog"
	"path/filepath"
	"time"

	"github.com/rampart-iam/rampart/internal/secrets"
)

// Store back ends.
const (
	StoreSQLite   = "sqlite"
	StorePostgres = "postgres"
)

// Log formats.
const (
	LogText = "text"
	LogJSON = "json"
)

// Config is everything `rampart serve` needs to know before it starts.
type Config struct {
	// Listen is the TCP address to serve on, host:port. Port 0 picks a free port.
	Listen string
	// DataDir holds the SQLite database, the master key (unless MasterKeyFile says otherwise)
	// and root-credentials.json.
	DataDir string
	// Store is StoreSQLite or StorePostgres.
	Store string
	// PostgresDSN is the connection string for StorePostgres. It may carry a password.
	PostgresDSN secrets.Secret
	// MasterKeyFile is the path of the key that encrypts stored secrets; empty means
	// <DataDir>/master.key (see MasterKeyPath).
	MasterKeyFile string
	// TLSCertFile and TLSKeyFile, both set, make the server speak HTTPS only.
	TLSCertFile string
	TLSKeyFile  string
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// LogFormat is LogText or LogJSON.
	LogFormat string
	// ShutdownTimeout bounds how long a stopping server waits for in-flight requests.
	ShutdownTimeout time.Duration
	// DrainDelay is how long a stopping server goes on serving, with /healthz answering 503,
	// before it closes its listener, so that a load balancer takes it out of rotation first.
	// Zero (the default) closes the listener at once.
	DrainDelay time.Duration
	// MaxBodyBytes caps a request body (RAM accepts POST bodies up to 10 MB).
	MaxBodyBytes int64
	// RateLimit throttles API callers. Not enforced yet: the API layer will read it.
	RateLimit RateLimit
	// ConsoleLogonRateLimit is how many console sign-in attempts (passwords and MFA codes) a
	// client IP may make a minute, all at once at most; 0 turns the limit off. The root's
	// password has no lockout, so this is what bounds guessing it (and the argon2id hashes).
	ConsoleLogonRateLimit int
}

// RateLimit is a token bucket per caller. A zero rate turns the limit off.
type RateLimit struct {
	PerAccessKey float64 // requests per second per AccessKeyId
	PerIP        float64 // requests per second per client IP, before authentication
	Burst        int     // bucket size for both
}

// Default returns the configuration `rampart serve` uses with no flags: HTTP on 127.0.0.1:8080
// and everything in ./rampart-data.
func Default() Config {
	return Config{
		Listen:          "127.0.0.1:8080",
		DataDir:         "./rampart-data",
		Store:           StoreSQLite,
		LogLevel:        "info",
		LogFormat:       LogText,
		ShutdownTimeout: 15 * time.Second,
		MaxBodyBytes:    10 << 20,
		RateLimit:       RateLimit{},

		ConsoleLogonRateLimit: 10,
	}
}

// MasterKeyPath is MasterKeyFile, or master.key in DataDir when that is empty.
func (c Config) MasterKeyPath() string {
	if c.MasterKeyFile != "" {
		return c.MasterKeyFile
	}
	return filepath.Join(c.DataDir, "master.key")
}

// SQLitePath is where the SQLite store keeps its database.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "rampart.db") }

// RootCredentialsPath is where first start writes generated root credentials.
func (c Config) RootCredentialsPath() string {
	return filepath.Join(c.DataDir, "root-credentials.json")
}

// TLS reports whether the server serves HTTPS.
func (c Config) TLS() bool { return c.TLSCertFile != "" && c.TLSKeyFile != "" }

// Level returns LogLevel as a slog.Level; call Validate first (an invalid level yields Info).
func (c Config) Level() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return slog.LevelInfo
	}
	return l
}
