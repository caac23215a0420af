// Package operation is what every domain service (RAM, PAI workspaces, activation) does around
// one of its operations, so that they all audit and acknowledge writes the same way:
//
//   - a mutation runs in one store Update with the audit record of its success, so a failed
//     operation leaves neither a change nor a record, and the node's authorization snapshot
//     reaches the new revision before the write is acknowledged (read-your-writes);
//   - a compound operation, which stands for several API calls in one transaction, is audited
//     as those calls: each one's success record, in order (Op.Earlier, Op.Then), or the denial
//     of the call refused alone;
//   - a denial changes nothing and is audited outside any Update (store.Store.AppendAudit), so a
//     flood of denied requests moves no revision;
//   - an error that is not one of the domain's (package errs) becomes InternalError.
//
// Each domain keeps its own call type, which embeds an Op, and authorizes as its rules say.
package operation
