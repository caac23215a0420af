package sts

import (
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/rampart-iam/rampart/internal/secrets"
)

// claims is what a security token seals: everything needed to authenticate a role session
// without storage. The short JSON names keep tokens short; they are never shown to anyone.
type claims struct {
	AccessKeyID string `json:"k"`
	Secret      string `json:"s"`
	AccountID   string `json:"a"`
	RoleID      string `json:"r"`
	RoleName    string `json:"n"`
	SessionName string `json:"sn"`
	Policy      string `json:"p,omitempty"`
	// SourceIdentity is the session's SourceIdentity, passed on to sessions assumed from it.
	SourceIdentity string `json:"si,omitempty"`
	Expiration     int64  `json:"e"` // Unix seconds
	// AssumedBy is the ARN of the caller that assumed the role, for audit trails.
	AssumedBy string `json:"by,omitempty"`
}

// tokenAD is the associated data a token is sealed with: a purpose label, so no other sealed
// value of Rampart (an AccessKey secret, a TOTP seed) can pass for a token, and the AccessKeyId,
// so a token only opens for the key it was issued with.
func tokenAD(accessKeyID string) []byte { return []byte("sts-security-token\x00" + accessKeyID) }

// maxAccessKeyIDLen bounds the AccessKeyId prefix of a token (one length byte).
const maxAccessKeyIDLen = 255

// sealToken encodes c as a security token:
// base64url( len(AccessKeyId) || AccessKeyId || Box.Seal(JSON(c), tokenAD(AccessKeyId)) ).
// The AccessKeyId travels in the clear so that a token presented with another key is reported
// as a mismatch rather than as garbage.
func sealToken(box *secrets.Box, c claims) string {
	plain, err := json.Marshal(c)
	if err != nil {
		panic(err) // strings and an int64 always marshal
	}
	sealed := box.Seal(plain, tokenAD(c.AccessKeyID))
	raw := make([]byte, 0, 1+len(c.AccessKeyID)+len(sealed))
	raw = append(raw, byte(len(c.AccessKeyID)))
	raw = append(raw, c.AccessKeyID...)
	raw = append(raw, sealed...)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// openToken reverses sealToken for the AccessKeyId the request was signed with.
func openToken(box *secrets.Box, accessKeyID, token string) (claims, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) < 2 || raw[0] == 0 || len(raw) <= 1+int(raw[0]) {
		return claims{}, tokenMalformed("not a Rampart security token")
	}
	id, sealed := string(raw[1:1+int(raw[0])]), raw[1+int(raw[0]):]
	if id != accessKeyID {
		return claims{}, tokenMismatch()
	}
	plain, err := box.Open(sealed, tokenAD(id))
	if err != nil {
		return claims{}, tokenMalformed("the token does not open under this server's master key")
	}
	var c claims
	if err := json.Unmarshal(plain, &c); err != nil || c.AccessKeyID != id {
		return claims{}, tokenMalformed("the token's content is not valid")
	}
	return c, nil
}

func (c claims) expiration() time.Time { return time.Unix(c.Expiration, 0).UTC() }
