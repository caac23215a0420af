// Package snapshot keeps the authorization snapshot (package authz) current with the store.
//
// A [Holder] loads the account from the store at start. After that it follows the store's change
// log: it reads the changes after its snapshot's revision and every entity they name, whole, in
// one consistent read (an [authz.Delta]), and patches the snapshot with it, so one write costs
// work in proportion to what it touched. It catches up whenever a write asks it to
// ([Holder.Sync], called before the write is acknowledged, so a client always reads its own
// writes), when the store announces a new revision ([Holder.Follow], which watches the store:
// another node's write, on PostgreSQL), and on a poll, so a lost notification only delays a
// change. A node that fell behind the pruned log ([Holder.PruneChanges] bounds it), a batch too
// large to patch, or a patch that fails, rebuilds the snapshot from everything instead.
//
// Readers take [Holder.Current] and keep that immutable snapshot for the whole of one decision;
// a request carrying a consistency token waits for its revision with [Holder.AtLeast].
// [Holder.Lag] and [Holder.Collectors] say how far behind the store the node is.
package snapshot
