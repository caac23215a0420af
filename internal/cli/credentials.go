package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/rampart-iam/rampart/internal/secrets"
)

// apiCredentials are what the API commands sign with and where they send requests.
type apiCredentials struct {
	AccessKeyID     string
	AccessKeySecret secrets.Secret
	SecurityToken   string
	Endpoint        string
}

// defaultEndpoint is where `rampart serve` listens with no flags.
const defaultEndpoint = "http://127.0.0.1:8080"

// defaultProfile is the credentials file the API commands read when nothing else names one.
func defaultProfile(lookupEnv func(string) (string, bool)) string {
	home, ok := lookupEnv("HOME")
	if !ok || home == "" {
		return ""
	}
	return filepath.Join(home, ".rampart", "credentials")
}

// resolveCredentials fills each field from, in order: the command line (flags), the
// environment (RAMPART_ACCESS_KEY_ID, RAMPART_ACCESS_KEY_SECRET, RAMPART_SECURITY_TOKEN,
// RAMPART_ENDPOINT), then the profile file (--profile, RAMPART_PROFILE, or
// ~/.rampart/credentials when it exists). The endpoint defaults to http://127.0.0.1:8080.
func resolveCredentials(flags apiCredentials, profile string, lookupEnv func(string) (string, bool)) (apiCredentials, error) {
	c := flags
	fill := func(dst *string, env string) {
		if *dst == "" {
			*dst, _ = lookupEnv(env)
		}
	}
	fill(&c.AccessKeyID, "RAMPART_ACCESS_KEY_ID")
	secret := c.AccessKeySecret.Reveal()
	fill(&secret, "RAMPART_ACCESS_KEY_SECRET")
	c.AccessKeySecret = secrets.Secret(secret)
	fill(&c.SecurityToken, "RAMPART_SECURITY_TOKEN")
	fill(&c.Endpoint, "RAMPART_ENDPOINT")
	fill(&profile, "RAMPART_PROFILE")

	explicit := profile != ""
	if !explicit {
		profile = defaultProfile(lookupEnv)
	}
	if profile != "" && (c.AccessKeyID == "" || c.AccessKeySecret.IsZero() || c.Endpoint == "") {
		p, err := readProfile(profile)
		switch {
		case errors.Is(err, fs.ErrNotExist) && !explicit:
		case err != nil:
			return c, err
		default:
			if c.AccessKeyID == "" && c.AccessKeySecret.IsZero() {
				c.AccessKeyID, c.AccessKeySecret, c.SecurityToken = p.AccessKeyID, p.AccessKeySecret, p.SecurityToken
			}
			if c.Endpoint == "" {
				c.Endpoint = p.Endpoint
			}
		}
	}
	if c.Endpoint == "" {
		c.Endpoint = defaultEndpoint
	}
	if u, err := url.Parse(c.Endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return c, usagef("endpoint %q: want a URL such as %s (http:// or https://, then host:port)", c.Endpoint, defaultEndpoint)
	}
	if c.AccessKeyID == "" || c.AccessKeySecret.IsZero() {
		return c, usagef("no credentials: pass --access-key-id and --access-key-secret, set RAMPART_ACCESS_KEY_ID " +
			"and RAMPART_ACCESS_KEY_SECRET, or write them to ~/.rampart/credentials (see --help)")
	}
	return c, nil
}

// readProfile reads a credentials file: JSON (an object such as root-credentials.json, with
// AccessKeyId, AccessKeySecret and optionally SecurityToken and Endpoint) or INI (keys
// access_key_id, access_key_secret, security_token, endpoint, at the top or in [default]).
func readProfile(path string) (apiCredentials, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return apiCredentials{}, fmt.Errorf("profile: %w", err)
	}
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		var p struct {
			AccessKeyId, AccessKeySecret, SecurityToken, Endpoint string
		}
		if err := json.Unmarshal(trimmed, &p); err != nil {
			return apiCredentials{}, fmt.Errorf("profile %s: %w", path, err)
		}
		return apiCredentials{AccessKeyID: p.AccessKeyId, AccessKeySecret: secrets.Secret(p.AccessKeySecret),
			SecurityToken: p.SecurityToken, Endpoint: p.Endpoint}, nil
	}
	var c apiCredentials
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			continue
		case line[0] == '[' && line[len(line)-1] == ']':
			section = strings.TrimSpace(line[1 : len(line)-1])
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return apiCredentials{}, fmt.Errorf("profile %s:%d: want key = value", path, n)
		}
		if section != "" && section != "default" {
			continue
		}
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(key) {
		case "access_key_id":
			c.AccessKeyID = value
		case "access_key_secret":
			c.AccessKeySecret = secrets.Secret(value)
		case "security_token":
			c.SecurityToken = value
		case "endpoint":
			c.Endpoint = value
		}
	}
	return c, sc.Err()
}
