// Package policy implements the Alibaba Cloud RAM policy language: it parses policy documents
// with precise, actionable errors, compiles them into an index, and evaluates requests against
// them with a fast, allocation-free engine whose every decision says which statements decided it.
//
// The language is specified at https://www.alibabacloud.com/help/en/ram/policy-structure-and-syntax
// and https://www.alibabacloud.com/help/en/ram/policy-evaluation-process. The package does no I/O
// and knows nothing of users or stores; it can be used on its own.
//
// Stages: [Parse] reads a document into a [Policy] (always compiled, so every parsed policy can be
// evaluated); [NewEvaluator] indexes a set of policies; [Evaluator.Evaluate] answers a [Request]
// with a [Decision]: Allow, ExplicitDeny or ImplicitDeny, and the statements that matched.
//
// Choices where RAM's documentation is silent, made so that mistakes fail closed:
//   - Action names match case-insensitively; resource ARNs match case-sensitively.
//   - "*" matches any run of characters, including ":" and "/"; "?" matches exactly one.
//   - Condition keys compare case-insensitively.
//   - A condition key the request does not carry makes a positive operator (StringEquals,
//     IpAddress, ...) false and a negated one (StringNotEquals, NotIpAddress, ...) true, with or
//     without a ForAnyValue:/ForAllValues: qualifier. So "deny unless from the office network"
//     (Deny + NotIpAddress on acs:SourceIp) still denies a request that has no source address.
//   - A request value that cannot be read as the operator's type (a malformed IP for IpAddress,
//     say) satisfies no comparison: the positive operator is false and its negation true.
//   - NotResource is accepted as an extension (RAM documents only Resource).
package policy
