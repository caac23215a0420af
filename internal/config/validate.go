package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
)

// Validate reports every problem with c at once, one per line (errors.Join), so an operator
// fixes a bad command line in one go. Each message names the setting the way the command line
// spells it (--listen, ...), since that is where the operator will look.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if _, port, err := net.SplitHostPort(c.Listen); err != nil {
		bad("--listen %q: want host:port, such as 127.0.0.1:8080 or :8080", c.Listen)
	} else if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		bad("--listen %q: port %q is not a number from 0 to 65535", c.Listen, port)
	}

	if c.DataDir == "" {
		bad("--data must name a directory")
	}

	switch c.Store {
	case StoreSQLite:
		if !c.PostgresDSN.IsZero() {
			bad("--postgres-dsn is set but --store is %q; add --store %s to use PostgreSQL", c.Store, StorePostgres)
		}
	case StorePostgres:
		if c.PostgresDSN.IsZero() {
			bad("--store %s needs --postgres-dsn (for example postgres://user:pass@host:5432/rampart)", StorePostgres)
		}
	default:
		bad("--store %q: want %s or %s", c.Store, StoreSQLite, StorePostgres)
	}

	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		bad("--tls-cert-file and --tls-key-file must be given together")
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		bad("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != LogText && c.LogFormat != LogJSON {
		bad("--log-format %q: want %s or %s", c.LogFormat, LogText, LogJSON)
	}

	if c.ShutdownTimeout <= 0 {
		bad("--shutdown-timeout %v: must be positive", c.ShutdownTimeout)
	}
	if c.DrainDelay < 0 {
		bad("--drain-delay %v: must not be negative (0 closes the listener at once)", c.DrainDelay)
	}
	if c.MaxBodyBytes <= 0 {
		bad("request body limit %d: must be positive", c.MaxBodyBytes)
	}
	if c.RateLimit.PerAccessKey < 0 || c.RateLimit.PerIP < 0 || c.RateLimit.Burst < 0 {
		bad("rate limits must not be negative (0 turns a limit off)")
	}
	if (c.RateLimit.PerAccessKey > 0 || c.RateLimit.PerIP > 0) && c.RateLimit.Burst < 1 {
		bad("a rate limit needs a burst of at least 1")
	}
	if c.ConsoleLogonRateLimit < 0 {
		bad("--console-logon-rate-limit %d: must not be negative (0 turns the limit off)", c.ConsoleLogonRateLimit)
	}
	return errors.Join(errs...)
}
