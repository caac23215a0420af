package ram

import (
	"bytes"
	"encoding/base32"
	"fmt"
	"image/png"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/rampart-iam/rampart/internal/secrets"
)

// TOTP as authenticator apps do it (RFC 6238 with its defaults): six digits, a 30-second step,
// HMAC-SHA1.
const (
	totpPeriod = 30
	totpIssuer = "Rampart"
	qrCodeSize = 200 // pixels
	// bindSteps is how many time steps before the current one the first of BindMFADevice's two
	// consecutive codes may come from: a person reads one code, waits for the next, and submits
	// both, within about two minutes.
	bindSteps = 3
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// newTOTPSeed makes a device's seed and the QR code (a PNG of its otpauth:// URL) an
// authenticator app scans. account names the device in the app.
func newTOTPSeed(account string) (secrets.Secret, []byte, error) {
	key, err := newTOTPKey(account)
	if err != nil {
		return "", nil, err
	}
	img, err := key.Image(qrCodeSize, qrCodeSize)
	if err != nil {
		return "", nil, fmt.Errorf("draw the QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", nil, fmt.Errorf("encode the QR code: %w", err)
	}
	return secrets.Secret(key.Secret()), buf.Bytes(), nil
}

// totpKeyOf is the otpauth:// key of an existing seed, as newTOTPKey made it.
func totpKeyOf(account string, seed secrets.Secret) (*otp.Key, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(seed.Reveal())
	if err != nil {
		return nil, fmt.Errorf("decode a TOTP seed: %w", err)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: account, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Secret: raw})
	if err != nil {
		return nil, fmt.Errorf("rebuild a TOTP key: %w", err)
	}
	return key, nil
}

// newTOTPKey makes a device's seed and its otpauth:// URL; account names the device in the app.
func newTOTPKey(account string) (*otp.Key, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: account, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, fmt.Errorf("generate a TOTP seed: %w", err)
	}
	return key, nil
}

// totpStep is the time step t falls in.
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// totpCode is the code of seed for time step step.
func totpCode(seed secrets.Secret, step int64) (string, error) {
	return totp.GenerateCodeCustom(seed.Reveal(), time.Unix(step*totpPeriod, 0), totpOpts)
}

// consecutiveCodes finds the step of code2 when code1 and code2 are the codes of two
// consecutive steps, the first no earlier than bindSteps before now's step and the second no
// later than the next step; 0 when they are not.
func consecutiveCodes(seed secrets.Secret, now time.Time, code1, code2 string) (int64, error) {
	cur := totpStep(now)
	for step := cur - bindSteps; step <= cur; step++ {
		c1, err := totpCode(seed, step)
		if err != nil {
			return 0, err
		}
		if c1 != code1 {
			continue
		}
		c2, err := totpCode(seed, step+1)
		if err != nil {
			return 0, err
		}
		if c2 == code2 {
			return step + 1, nil
		}
	}
	return 0, nil
}
