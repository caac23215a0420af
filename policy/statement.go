package policy

import "strconv"

// Statement is one parsed statement, with values exactly as written in the document. It is what
// Policy.Statements returns, so tools can show and reformat policies without reparsing them.
type Statement struct {
	Sid    string // optional statement id, kept for explanations
	Effect Effect

	// Exactly one of Action and NotAction is non-nil; both hold "<service>:<action>" patterns.
	Action    []string
	NotAction []string

	// Identity and session policies: exactly one of Resource and NotResource is non-nil.
	// Trust policies: both are nil and the statement applies to any resource.
	// NotResource is an extension: RAM documents only Resource.
	Resource    []string
	NotResource []string

	// Principal is required in trust policies and nil in the other kinds.
	Principal *Principal

	// Conditions holds one entry per (operator, key) pair, in document order. All must hold
	// for the statement to apply.
	Conditions []Condition
}

// Effect is what a statement does when it applies.
type Effect uint8

// The two effects. An explicit Deny always wins over an Allow.
const (
	Allow Effect = iota + 1
	Deny
)

// String returns the effect as written in policies: "Allow" or "Deny".
func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case Deny:
		return "Deny"
	}
	return "Effect(" + strconv.Itoa(int(e)) + ")"
}

// Principal names who a trust-policy statement applies to. A request matches when its
// PrincipalType selects a non-empty list here and one of the list's patterns matches.
// The document form "Principal": "*" parses as "*" in all three lists.
type Principal struct {
	// RAM holds RAM principal ARNs. "acs:ram::<account>:root" stands for every principal of
	// that account (the root identity, users, roles and role sessions); other values are
	// patterns matched against the caller's ARN, "*" matching anyone.
	RAM []string
	// Service holds service principals such as "ecs.aliyuncs.com", matched case-insensitively.
	Service []string
	// Federated holds identity-provider ARNs
	// ("acs:ram::<account>:saml-provider/<name>", ".../oidc-provider/<name>").
	Federated []string
}

// Qualifier is a condition operator's optional set prefix, which says how a request key with
// several values is compared.
type Qualifier uint8

// The qualifiers. See Condition for their meaning.
const (
	NoQualifier  Qualifier = iota
	ForAnyValue            // "ForAnyValue:": some request value satisfies the operator
	ForAllValues           // "ForAllValues:": every request value satisfies the operator
)

// String returns the prefix as written, without the colon, or "" for NoQualifier.
func (q Qualifier) String() string {
	switch q {
	case ForAnyValue:
		return "ForAnyValue"
	case ForAllValues:
		return "ForAllValues"
	}
	return ""
}

// Condition is one (operator, key) pair of a statement's Condition block.
//
// The values of one condition are alternatives: a request value matches the condition's
// comparison when it matches any of them. For the negated operators (StringNotEquals,
// StringNotEqualsIgnoreCase, StringNotLike, NumericNotEquals, DateNotEquals, NotIpAddress) a
// request value satisfies the operator when it matches none of them. Then:
//   - without a qualifier, a positive operator holds when some request value matches, and a
//     negated one when none does;
//   - ForAnyValue: holds when some request value satisfies the operator;
//   - ForAllValues: holds when every request value satisfies the operator.
//
// A key the request does not carry (or carries with no values) makes a positive operator false
// and a negated one true, whatever the qualifier.
type Condition struct {
	Operator  string // without qualifier, e.g. "StringEquals", "NotIpAddress"
	Qualifier Qualifier
	Key       string   // as written, e.g. "acs:SourceIp"; compared case-insensitively
	Values    []string // as written: numbers, booleans, dates and addresses are strings too
}
