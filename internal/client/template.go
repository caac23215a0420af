package client

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/rampart-iam/rampart/internal/authn"
)

// template signs calls of one action with fixed parameters for the load generator, which
// shares the machine with the server it measures and so must spend as little as it can per
// call. Every call is still signed afresh, with its own SignatureNonce and Timestamp, into
// exactly the body Sign would produce (RPC signature v1 over the canonicalized parameters):
// what does not change between calls (the other parameters, sorted and percent-encoded, and
// their share of the string to sign) is prepared once.
type template struct {
	// canonical holds the canonicalized query string in three pieces, around the values of the
	// first and second dynamic parameter (SignatureNonce and Timestamp, in sorted order);
	// toSign the same pieces percent-encoded again, as they appear in the string to sign.
	canonical, toSign [3]string
	nonceFirst        bool // SignatureNonce sorts before Timestamp
	secret            []byte
}

// dynamic are the parameters every call sets anew.
const (
	paramNonce     = "SignatureNonce"
	paramTimestamp = "Timestamp"
)

// newTemplate prepares the calls c makes of action with params (a params entry overrides a
// common parameter of the same name, as in Sign; the nonce and timestamp are always the call's
// own).
func newTemplate(c *Client, version, action string, params map[string]string) *template {
	p := map[string]string{
		"Action":           action,
		"Version":          version,
		"Format":           "JSON",
		"AccessKeyId":      c.AccessKeyID,
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureVersion": "1.0",
	}
	if c.SecurityToken != "" {
		p["SecurityToken"] = c.SecurityToken
	}
	for k, v := range params {
		p[k] = v
	}
	delete(p, paramNonce)
	delete(p, paramTimestamp)
	names := []string{paramNonce, paramTimestamp}
	for name := range p {
		names = append(names, name)
	}
	slices.Sort(names)

	t := &template{secret: []byte(c.AccessKeySecret.Reveal() + "&")}
	var piece strings.Builder
	i := 0
	for j, name := range names {
		if j > 0 {
			piece.WriteByte('&')
		}
		piece.WriteString(authn.PercentEncode(name))
		piece.WriteByte('=')
		if name == paramNonce || name == paramTimestamp {
			if i == 0 {
				t.nonceFirst = name == paramNonce
			}
			t.canonical[i] = piece.String()
			piece.Reset()
			i++
			continue
		}
		piece.WriteString(authn.PercentEncode(p[name]))
	}
	t.canonical[2] = piece.String()
	for i, s := range t.canonical {
		t.toSign[i] = authn.PercentEncode(s)
	}
	t.toSign[0] = "POST&%2F&" + t.toSign[0]
	return t
}

// signer is one goroutine's use of a template: its own HMAC state, nonce source and buffers.
type signer struct {
	t    *template
	mac  hash.Hash
	rand *rand.ChaCha8
	body []byte
	sum  []byte

	second    int64  // the Unix second stamp was made for
	stamp     string // Timestamp of that second
	stampSign string // stamp percent-encoded twice, as the string to sign holds it
}

func (t *template) signer(seed [32]byte) *signer {
	return &signer{t: t, mac: hmac.New(sha1.New, t.secret), rand: rand.NewChaCha8(seed), second: -1}
}

// sign returns the form body of one call made at now. The result is valid until the next call.
func (s *signer) sign(now time.Time) []byte {
	if sec := now.Unix(); sec != s.second {
		s.second = sec
		s.stamp = authn.PercentEncode(now.UTC().Format("2006-01-02T15:04:05Z"))
		s.stampSign = authn.PercentEncode(s.stamp)
	}
	var raw [16]byte
	s.rand.Read(raw[:])
	var nonce [32]byte // hex digits need no percent-encoding, in either pass
	hex.Encode(nonce[:], raw[:])

	first, second := nonce[:], []byte(s.stamp)
	firstSign, secondSign := nonce[:], []byte(s.stampSign)
	if !s.t.nonceFirst {
		first, second, firstSign, secondSign = second, first, secondSign, firstSign
	}
	s.mac.Reset()
	s.mac.Write([]byte(s.t.toSign[0]))
	s.mac.Write(firstSign)
	s.mac.Write([]byte(s.t.toSign[1]))
	s.mac.Write(secondSign)
	s.mac.Write([]byte(s.t.toSign[2]))
	s.sum = s.mac.Sum(s.sum[:0])

	b := append(s.body[:0], s.t.canonical[0]...)
	b = append(b, first...)
	b = append(b, s.t.canonical[1]...)
	b = append(b, second...)
	b = append(b, s.t.canonical[2]...)
	b = append(b, "&Signature="...)
	var sig [28]byte // base64 of a 20-byte SHA-1 sum
	base64.StdEncoding.Encode(sig[:], s.sum)
	b = append(b, authn.PercentEncode(string(sig[:]))...)
	s.body = b
	return b
}
