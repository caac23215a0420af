package authn

import (
	"net/http"
	"time"
)

// DefaultMaxSkew is how far a request's Timestamp (or Date) may be from the server's clock, as
// Alibaba Cloud's gateways allow.
const DefaultMaxSkew = 15 * time.Minute

// nonceSlack keeps a nonce a little longer than its timestamp stays acceptable, for nodes whose
// clocks disagree slightly.
const nonceSlack = 5 * time.Minute

// parseTimestamp reads an RPC Timestamp: ISO 8601 in UTC as the SDKs send it
// ("2006-01-02T15:04:05Z"), or any RFC 3339 date-time with a zone and optional fraction.
func parseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, timestampFormat(s)
	}
	return t, nil
}

// parseDate reads a ROA Date header (RFC 2616, "Mon, 02 Jan 2006 15:04:05 GMT").
func parseDate(s string) (time.Time, error) {
	t, err := http.ParseTime(s)
	if err != nil {
		return time.Time{}, timestampFormat(s)
	}
	return t, nil
}

// checkSkew fails with InvalidTimeStamp.Expired when t is more than skew away from now, in
// either direction.
func checkSkew(t, now time.Time, skew time.Duration) error {
	if d := now.Sub(t); d > skew || d < -skew {
		return timestampExpired()
	}
	return nil
}
