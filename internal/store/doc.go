// Package store is Rampart's durable state: the contract every backend implements, the records it
// holds, and the sentinel errors callers branch on.
//
// The contract is deliberately transactional rather than a bag of CRUD calls. The domain runs each
// API action as one Update (validate, check quotas, write, append the audit record) so a rejected
// input changes nothing, without cleanup code. Every Update advances one global Revision by exactly
// one and the store itself appends a Change for every row it writes in that transaction, so the
// change feed that moves the authorization snapshot (and, later, other nodes) cannot miss a write
// that a caller forgot to announce.
//
// A few per-request counters live outside Update on purpose: signature nonces, MFA time steps,
// AccessKey last-use dates and login failure counters. They change on every request, are not part
// of the authorization snapshot, and must be atomic across processes and nodes, so each is one
// conditional statement in the database, with no revision bump and no change-log entry. Audit
// records of requests that changed nothing (denials) are appended the same way
// (Store.AppendAudit), so a flood of denied requests moves no revision and makes no node rebuild
// its snapshot.
//
// Names of users, groups, roles, policies and resource groups are unique case-insensitively (the
// backends keep a lower-cased key next to the name): RAM treats "Alice" and "alice" as the same
// user, and a case-only difference between two principals invites mistakes in policies and logs.
// Relations use stable IDs, so a rename touches one row.
//
// Times are stored with second precision, which is what RAM's wire format carries; the store
// returns them in UTC. The zero time.Time means "never" (no last login, not locked, unbound).
//
// The conformance suite in package storetest states the contract as tests; every backend runs it.
package store
