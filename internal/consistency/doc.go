// Package consistency carries Rampart's consistency tokens across every API, so that several
// nodes sharing one database never answer a client from a state older than one it has seen.
//
// A token is a store revision (store.Revision). Every API response that follows a committed write
// carries the write's revision in the X-Rampart-Revision header; other responses carry the
// revision of the node's snapshot when the request began. Either way the number is a lower bound:
// the answer reflects every write acknowledged with that revision or less.
//
// A request may send X-Rampart-Min-Revision: N, typically the X-Rampart-Revision of an earlier
// response. Once the request is authenticated, and before it is authorized, the node waits, for
// a bounded time, until its snapshot has reached N, and otherwise answers
// ServiceUnavailable.Lagging (HTTP 503) rather than answer from an older state. Waiting only for
// authenticated callers keeps an anonymous client from making the node wait and poll; the
// authenticator looks the caller's key up again after a wait, so a key revoked at N is refused.
//
// The pieces: [Track] wraps the store given to the domains so that each committed Update notes
// its revision in the request's [Recorder]; [Guard] is the HTTP middleware that reads
// X-Rampart-Min-Revision, installs the Recorder and writes X-Rampart-Revision, and [Admit] is
// what an API calls to wait for the revision once it has authenticated the caller; [Readiness]
// reports a node unready once its snapshot has lagged behind the store for too long.
//
// What a token does not promise: without one, a node answers from its own snapshot, which may
// miss writes made on other nodes in the last moments (see the lag metrics); and the token
// orders writes only through the one database all nodes share.
package consistency
