package bootstrap

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"

	"github.com/rampart-iam/rampart/internal/secrets"
)

// Credentials are the root identity's sign-in secrets.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret secrets.Secret
	Password        secrets.Secret
}

// credentialsFile is the JSON layout of root-credentials.json. Only generated values are
// written: a secret the operator chose stays wherever the operator keeps it.
type credentialsFile struct {
	AccountId       string // the field names RAM's console and SDKs use
	AccessKeyId     string
	AccessKeySecret string `json:",omitempty"`
	Password        string `json:",omitempty"`
}

// Validate checks operator-chosen credentials: an AccessKey pair is given whole or not at all,
// and what is given is usable as an HMAC key and a console password. Run checks them too;
// serve checks them first, so that wrong variables leave the data directory as it was.
func (c Credentials) Validate() error {
	var errs []error
	switch {
	case c.AccessKeyID == "" && c.AccessKeySecret.IsZero():
	case c.AccessKeyID == "" || c.AccessKeySecret.IsZero():
		errs = append(errs, errors.New("RAMPART_ROOT_ACCESS_KEY_ID and RAMPART_ROOT_ACCESS_KEY_SECRET must be set together"))
	default:
		if len(c.AccessKeyID) > 128 || strings.IndexFunc(c.AccessKeyID, notPrintable) >= 0 {
			errs = append(errs, errors.New("RAMPART_ROOT_ACCESS_KEY_ID must be at most 128 printable characters without spaces"))
		}
		if strings.HasPrefix(c.AccessKeyID, "STS.") {
			errs = append(errs, errors.New(`RAMPART_ROOT_ACCESS_KEY_ID must not start with "STS.", the prefix of temporary credentials`))
		}
		if n := len(c.AccessKeySecret.Reveal()); n < 16 || n > 128 {
			errs = append(errs, fmt.Errorf("RAMPART_ROOT_ACCESS_KEY_SECRET must be 16 to 128 characters, not %d", n))
		}
	}
	if p := c.Password.Reveal(); p != "" && (len(p) < 8 || len(p) > 128) {
		errs = append(errs, fmt.Errorf("RAMPART_ROOT_PASSWORD must be 8 to 128 characters, not %d", len(p)))
	}
	return errors.Join(errs...)
}

func notPrintable(r rune) bool {
	return r > unicode.MaxASCII || !unicode.IsGraphic(r) || unicode.IsSpace(r)
}

// readCredentialsFile reads a file left by an earlier, interrupted first start.
func readCredentialsFile(path string) (credentialsFile, error) {
	var f credentialsFile
	data, err := os.ReadFile(path)
	if err != nil {
		return f, err
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	if f.AccountId == "" || f.AccessKeyId == "" {
		return f, fmt.Errorf("%s: AccountId or AccessKeyId missing", path)
	}
	return f, nil
}

func (f credentialsFile) encode() []byte {
	data, _ := json.MarshalIndent(f, "", "  ") // plain strings: cannot fail
	return append(data, '\n')
}
