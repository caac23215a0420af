// Package snapshot keeps the authorization snapshot (package authz) current with the store.
//
// A [Holder] loads the account from the store at start, and moves to a newer revision whenever a
// write asks it to ([Holder.Sync], called before the write is acknowledged, so a client always
// reads its own writes) or its poll notices one (writes made by another node). Readers take
// [Holder.Current] and keep that immutable snapshot for the whole of one decision.
package snapshot
