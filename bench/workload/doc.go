// Package workload builds the one synthetic RAM workload that the engine benchmarks run through
// Rampart's policy engine and its peers (cedar-go, OPA, casbin): users, custom policies attached
// to them, and a stream of access requests, all derived from a seed so every run and every engine
// sees the same data.
//
// The workload is written in an engine-neutral form (see [Workload]); each peer has a translator
// under bench/engine. It deliberately uses only the RAM features that every peer can express
// exactly, so that a disagreement between engines is a bug, not a translation gap:
//   - Action and Resource patterns use "*" only (no "?": casbin has no single-character wildcard
//     that crosses ":" and "/", and Cedar's like has none at all).
//   - Action, Resource and Condition only (no NotAction or NotResource).
//   - At most one condition per statement, from StringEquals, StringNotEquals, IpAddress,
//     NotIpAddress and Bool on four keys, with one value for the negated operators.
//
// [Evaluate] is a deliberately naive reference evaluator of the documented semantics, used to
// explain disagreements and to measure the request mix.
package workload
