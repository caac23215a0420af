package sts

import (
	"crypto/subtle"
	"sync"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/secrets"
	"github.com/rampart-iam/rampart/policy"
)

// Session is what a valid STS AccessKeyId and SecurityToken stand for.
type Session struct {
	// Caller is the role session: Type RoleSession, the role's ID and name, the session name and
	// ARN, and the compiled session policy (nil without one).
	Caller authz.Caller
	// Secret is the AccessKeySecret issued with the token; requests are signed with it.
	Secret secrets.Secret
	// Expiration is when the credentials stop working.
	Expiration time.Time
	// AssumedBy is the ARN of the identity that called AssumeRole.
	AssumedBy string
}

// Session opens the security token presented with an STS AccessKeyId. It does not check the
// expiry (the caller compares Expiration with its clock). Errors are *errs.Error coded
// InvalidSecurityToken.Malformed or InvalidSecurityToken.MismatchWithAccessKey.
func (s *Service) Session(accessKeyID, token string) (Session, error) {
	if sess, ok := s.cache.get(accessKeyID, token); ok {
		return sess, nil
	}
	c, err := openToken(s.box, accessKeyID, token)
	if err != nil {
		return Session{}, err
	}
	caller := authz.Caller{
		Type:           authz.RoleSession,
		AccountID:      c.AccountID,
		ID:             c.RoleID,
		Name:           c.RoleName,
		ARN:            authz.AssumedRoleARN(c.AccountID, c.RoleName, c.SessionName),
		SessionName:    c.SessionName,
		SourceIdentity: c.SourceIdentity,
	}
	if c.Policy != "" {
		p, err := parseSessionPolicy(c.Policy)
		if err != nil {
			return Session{}, tokenMalformed("the token's session policy does not parse: " + err.Error())
		}
		caller.SessionPolicy = policy.NewEvaluator(p)
	}
	sess := Session{Caller: caller, Secret: secrets.Secret(c.Secret), Expiration: c.expiration(), AssumedBy: c.AssumedBy}
	s.cache.put(accessKeyID, token, sess, s.now())
	return sess, nil
}

// sessionCache keeps opened tokens, with their session policies compiled, by AccessKeyId.
// It holds at most max entries; when full it first drops expired sessions, then arbitrary ones
// (Go's map iteration order), which costs a later request one more token opening.
type sessionCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]cachedSession
}

type cachedSession struct {
	token string
	sess  Session
}

func newSessionCache(max int) *sessionCache {
	return &sessionCache{max: max, entries: make(map[string]cachedSession)}
}

func (c *sessionCache) get(accessKeyID, token string) (Session, bool) {
	c.mu.Lock()
	e, ok := c.entries[accessKeyID]
	c.mu.Unlock()
	// The same AccessKeyId with another token is a forgery or a mismatch: open it the long way.
	if !ok || subtle.ConstantTimeCompare([]byte(e.token), []byte(token)) != 1 {
		return Session{}, false
	}
	return e.sess, true
}

func (c *sessionCache) put(accessKeyID, token string, sess Session, now time.Time) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		for id, e := range c.entries {
			if !now.Before(e.sess.Expiration) {
				delete(c.entries, id)
			}
		}
		for id := range c.entries {
			if len(c.entries) < c.max {
				break
			}
			delete(c.entries, id)
		}
	}
	c.entries[accessKeyID] = cachedSession{token: token, sess: sess}
}

func (c *sessionCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
