// Package authzapi is Rampart's decision API for the platform's own services (DSW, DLC, EAS,
// Designer, AutoML, iTAG, LangStudio, AI assets, gateways): one JSON call answers "may this
// caller do this here?", combining RAM policies and PAI workspace roles exactly as Rampart's own
// APIs decide (authz.DecideWorkspace).
//
// Endpoints, all POST with a JSON body, signed like an ROA call (so the official SDK's
// requests.NewCommonRequest with a PathPattern reaches them):
//
//	/authz/v1/check        one check               → {"decision", "by", "reasons", "principal", "revision"}
//	/authz/v1/batch-check  up to MaxBatch checks   → {"results": [...], "revision"} (one minRevision for all)
//	/authz/v1/explain      one check, explained    → the decision with every statement and role consulted
//
// A check names who asks either as a principal ARN ("acs:ram::<account>:user/alice", a role, or
// the root) or as the caller's own signed request (method, URL, headers, body, source IP) that
// a gateway received and forwards as it is: Rampart then authenticates that request (RPC or ROA
// signature, STS token) and decides for its caller, in one call. A check that cannot be made
// for its principal (unknown, or a forwarded request that does not authenticate) is denied with
// an "error" saying why. A malformed call is refused whole (400, naming the field) before
// anything is decided or any forwarded request's nonce spent: a body not sent as
// application/json, a check that misses a field or has one it does not take, or a forwarded
// request that is not a request (no method or URL, bodyBase64 not base64, sourceIp not an
// address, a header named twice) — in a batch, one such check refuses the batch.
//
// The API is for trusted services: its callers must be the account's root or hold
// "rampart:Authorize" (on acs:rampart:*:<account>:*). A check may carry "minRevision", the
// revision a write returned: a node whose snapshot is older waits briefly for it, then answers
// ServiceUnavailable.Lagging (HTTP 503) rather than decide from an older state. The caller's own
// permission is checked in the snapshot the call decides with, so a token also covers a grant of
// rampart:Authorize made on another node; only the X-Rampart-Min-Revision header covers the
// caller's AccessKey, which is verified before the body's minRevision is looked at.
package authzapi
