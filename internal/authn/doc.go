// Package authn turns a signed request into an authenticated caller (*authz.Caller), or into the
// RAM error that says why it cannot: the gateway half of Alibaba Cloud's OpenAPI, which the
// official SDKs and CLI talk to unmodified.
//
// Three signature schemes are verified: the two github.com/aliyun/alibaba-cloud-sdk-go signs
// with (shared/reference/ram.md §5 and pai.md §4), and V3, which the newer SDKs built on
// darabonba-openapi v2 send by default (see VerifyV3):
//
//   - RPC signature v1 (RAM, STS, Resource Manager): every query and form parameter except
//     Signature, sorted by name, RFC 3986 percent-encoded, joined into
//     METHOD&%2F&enc(name=value&...), signed with HMAC-SHA1 under "<secret>&", Base64.
//   - ROA signature v1 (AIWorkspace, Rampart's own /authz/v1 API): the method, Accept,
//     Content-MD5, Content-Type, Date, the sorted x-acs-* headers and the canonical resource,
//     signed with HMAC-SHA1 under the secret alone, sent as "Authorization: acs <id>:<sig>".
//   - V3 (ACS3-HMAC-SHA256, any API): a canonical request of the method, path, sorted query,
//     signed headers and the body's SHA-256, hashed, signed with HMAC-SHA256 under the secret,
//     hex, sent as "Authorization: ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=...".
//
// All compare signatures in constant time and accept a request only within MaxSkew (15 minutes)
// of the server's clock. RPC requests also carry a SignatureNonce, and V3 requests an
// x-acs-signature-nonce: a nonce the same AccessKey used before, within the window, is a replay
// (SignatureNonceUsed). Nonces are recorded durably (see
// Nonces), so a replay is caught after a restart and on another node sharing the database.
//
// Credentials come from two consumer-owned sources: long-term AccessKeys (KeySource, backed by
// the RAM domain) and STS security tokens (SessionSource, backed by package sts), which are
// accepted wherever long-term keys are until they expire. A caller's Context receives the
// request's condition keys (acs:SourceIp, acs:CurrentTime, acs:SecureTransport, acs:AccessId,
// acs:UserAgent, acs:PrincipalARN, acs:MFAPresent) and the policy variables acs:AccountId and,
// for users, acs:PrincipalName.
package authn
