package authn

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"hash"
	"sync"
)

// macs verifies signatures without allocating on every request: an HMAC-SHA1 state keyed for
// one secret is kept between requests, since most requests are signed by a few keys, and
// re-keyed when a request comes with another secret. The states hold key material as the
// AccessKey cache does, in memory only.
type macs struct {
	pool sync.Pool
	// suffix follows the secret in the HMAC key: "&" for RPC signature v1, nothing for ROA.
	suffix string
}

type macState struct {
	secret  string // h is keyed with secret + suffix
	h       hash.Hash
	sum     []byte
	scratch []byte // canonicalized parameters
	toSign  []byte // the string to sign
}

func (m *macs) get(secret string) *macState {
	st, _ := m.pool.Get().(*macState)
	if st == nil {
		st = &macState{scratch: make([]byte, 0, 512), toSign: make([]byte, 0, 768)}
	}
	if st.h == nil || st.secret != secret {
		st.secret, st.h = secret, hmac.New(sha1.New, []byte(secret+m.suffix))
	} else {
		st.h.Reset()
	}
	return st
}

// maxKeptBuffer bounds the buffers of a state put back: a request with a huge parameter must
// not keep its memory.
const maxKeptBuffer = 8 << 10

func (m *macs) put(st *macState) {
	if cap(st.scratch) > maxKeptBuffer || cap(st.toSign) > maxKeptBuffer {
		return
	}
	m.pool.Put(st)
}

// matches reports, in constant time, whether sig is the Base64 of the HMAC of msg.
func (st *macState) matches(msg []byte, sig string) bool {
	st.h.Write(msg)
	st.sum = st.h.Sum(st.sum[:0])
	var want [28]byte // Base64 of a 20-byte SHA-1 sum
	base64.StdEncoding.Encode(want[:], st.sum)
	return len(sig) == len(want) && subtle.ConstantTimeCompare([]byte(sig), want[:]) == 1
}
