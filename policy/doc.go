// Package policy implements the Alibaba Cloud RAM policy language: it parses policy documents
// with precise, actionable errors, compiles them into an index, and evaluates requests against
// them with a fast engine, allocation-free in the common case, whose every decision says which
// statements decided it.
//
// The language is specified at https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
// and https://www.alibabacloud.com/help/en/ram/policy-evaluation-process. The package does no I/O
// and knows nothing of users or stores; it can be used on its own.
//
// Stages: [Parse] reads a document into a [Policy] (always compiled, so every parsed policy can be
// evaluated); [NewEvaluator] indexes a set of policies; [Evaluator.Evaluate] answers a [Request]
// with a [Decision]: Allow, ExplicitDeny or ImplicitDeny, and the statements that matched.
//
// # Documents
//
// A document is {"Version": "1", "Statement": [...]}; a single statement object is accepted in
// place of the list, and a single string wherever a list of strings is. Version must be the
// string "1". Element names, operator names and Allow/Deny are case-sensitive. Every value is a
// string: numbers, booleans, dates and addresses in conditions are quoted ("10", "true"). The
// elements a statement may have depend on the [Kind] the document is parsed as. Parse reports
// every problem it finds as an [ErrorList]; each [Error] has a line, a column, a JSON pointer
// and a stable [Code], and unknown names come with the closest valid one.
//
// Limits: a document may have DefaultMaxLength characters ([WithMaxLength]) and
// DefaultMaxStatements statements ([WithMaxStatements]), nested at most MaxDepth deep. Parse
// takes time linear in the document's length and never panics.
//
// # Matching
//
// Choices where RAM's documentation is silent, made so that mistakes fail closed:
//   - Action names match case-insensitively (both sides lower-cased with strings.ToLower);
//     resource ARNs match case-sensitively.
//   - "*" matches any run of characters, including ":" and "/"; "?" matches exactly one
//     character (rune). There is no escape.
//   - NotResource is accepted as an extension (RAM documents only Resource).
//   - ${key} in a Resource or NotResource pattern is a policy variable: it stands for the
//     request's value of condition key "key" (${acs:PrincipalName}, ${acs:AccountId}, ...),
//     matched literally. A key the request does not carry, or carries with several values,
//     leaves the variable unresolved, and a statement with an unresolved variable in any of
//     its Resource or NotResource patterns does not apply at all, whatever its effect: a
//     NotResource that cannot be read must not turn into "every resource".
//   - In trust policies, the RAM principal "acs:ram::<account>:root" stands for every RAM
//     identity of the account (root, users, roles, role sessions); other principal values are
//     patterns for the caller's ARN, service principals compare case-insensitively, and a
//     statement applies only to callers of a type it lists ("Principal": "*" lists all three).
//
// # Conditions
//
// Values under one key are OR-ed; keys and operators are AND-ed. See [Condition] for how the
// ForAnyValue: and ForAllValues: qualifiers treat keys with several values.
//   - Condition keys compare case-insensitively.
//   - A condition key the request does not carry (or carries with no values) makes a positive
//     operator (StringEquals, IpAddress, ...) false and a negated one (StringNotEquals,
//     NotIpAddress, ...) true, with or without a ForAnyValue:/ForAllValues: qualifier. So "deny
//     unless from the office network" (Deny + NotIpAddress on acs:SourceIp) still denies a
//     request that has no source address.
//   - A request value that cannot be read as the operator's type (a malformed IP for IpAddress,
//     say) satisfies no comparison: the positive operator is false and its negation true.
//   - Numbers are decimal ("10", "-2.5", "1e3"), compared as float64.
//   - Dates are RFC 3339 date-times with a zone, "2019-08-12T17:00:00+08:00" or
//     "2012-11-11T23:59:59Z", with an optional fraction of a second; they compare as instants.
//   - Booleans are "true" or "false", in any case.
//   - IpAddress takes IPv4 and IPv6 addresses and CIDR blocks (host bits are ignored). IPv4 and
//     IPv6 are separate families, so unmap IPv4-mapped IPv6 addresses before asking.
//   - String*IgnoreCase compare under Unicode case folding; StringLike uses "*" and "?" as above.
//
// Policy-side values are checked when the document is parsed, so a malformed address, date,
// number or boolean is an error at its position rather than a condition that never holds.
//
// # Decisions
//
// Within one set of policies an explicit Deny beats any Allow, and without an Allow the answer is
// ImplicitDeny. [Evaluator.Intersect] stacks sets the way a session policy narrows a role: the
// request must be allowed by every set, and a Deny in any set is final. [Decision.Matches] lists
// every statement that applied, Allow and Deny alike, in a deterministic order.
//
// An [Evaluator] looks only at the statements that can match the request's action, through an
// index built once, so a decision's cost grows with those statements, not with the number of
// policies. A decision allocates nothing unless more than eight statements match (or the action
// is long or not ASCII; see [Evaluator.Evaluate]).
package policy
