package store

import "time"

// Nonce is one use of a request signature's nonce by an AccessKey (see Store.UseNonces).
type Nonce struct {
	AccessKeyID string
	Value       string
	// Expires is when the record may be forgotten: once the signed request's timestamp is out
	// of the server's window, a replay fails the timestamp check anyway, and the pair may be
	// used again.
	Expires time.Time
}
