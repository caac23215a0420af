// Package sts is Rampart's Security Token Service (STS 2015-04-01, shared/reference/ram.md §4):
// AssumeRole hands out temporary credentials for a RAM role, GetCallerIdentity says who a caller
// is, and Session turns the credentials back into a caller when they sign a request.
//
// Security tokens are stateless. A token is the AccessKeyId it belongs to followed by a sealed
// (AES-256-GCM under the master key, package secrets) record of the session: account, role ID
// and name, session name, session policy, source identity, the AccessKeySecret and the expiry,
// bound to the AccessKeyId as associated data. Nothing is stored per session, every node sharing
// the master key accepts every token, and a token outlives restarts until it expires. A token
// cannot be revoked before its expiry (as in RAM); deleting the role, or detaching its policies,
// takes every permission away from its sessions at once, since a session acts with the role's
// current policies.
//
// A role session's permissions are the role's policies intersected with the session policy
// given to AssumeRole. The session policy is parsed and compiled once per token: opened tokens
// are kept, compiled, in a bounded cache keyed by AccessKeyId.
package sts
