package policy

// Code classifies a problem found in a policy document. Codes are stable: programs may branch on
// them and documentation may cite them, while messages are for people and may change.
type Code string

// Every code Parse reports. The position of each problem is that of the token at fault: a member
// name for problems with an element itself, its value for problems with what the element holds,
// and the enclosing object for a missing element.
const (
	// CodeSyntax: the document is not well-formed JSON (including invalid UTF-8 and data after
	// the top-level object). Parsing stops at the first syntax error.
	CodeSyntax Code = "syntax"
	// CodeTooLong: the document has more characters than the limit (WithMaxLength). Nothing
	// else is checked.
	CodeTooLong Code = "too-long"
	// CodeTooDeep: arrays and objects nest deeper than MaxDepth. Parsing stops there.
	CodeTooDeep Code = "too-deep"
	// CodeTooManyStatements: the document has more statements than the limit
	// (WithMaxStatements). Statements past the limit are not checked.
	CodeTooManyStatements Code = "too-many-statements"
	// CodeDuplicateKey: an object names the same member twice.
	CodeDuplicateKey Code = "duplicate-key"
	// CodeUnknownElement: a member name that is not an element of the enclosing object
	// (element names are case-sensitive). The message suggests the closest valid name.
	CodeUnknownElement Code = "unknown-element"
	// CodeMissingElement: a required element is absent (Version, Statement, Effect, Action or
	// NotAction, Resource or NotResource in identity and session policies, Principal in trust
	// policies).
	CodeMissingElement Code = "missing-element"
	// CodeConflictingElements: both members of an either-or pair are present (Action and
	// NotAction, Resource and NotResource).
	CodeConflictingElements Code = "conflicting-elements"
	// CodeElementNotAllowed: a valid element that does not belong in this kind of policy
	// (Principal outside trust policies; Resource and NotResource in trust policies).
	CodeElementNotAllowed Code = "element-not-allowed"
	// CodeInvalidType: a value of the wrong JSON type, such as a number where a string belongs.
	CodeInvalidType Code = "invalid-type"
	// CodeInvalidValue: a value of the right type that is not acceptable: an Effect other than
	// Allow or Deny, a Version other than "1", an Action without a service, a malformed number,
	// date, boolean, IP address or CIDR block in a condition, an unterminated ${variable}.
	CodeInvalidValue Code = "invalid-value"
	// CodeEmpty: an empty string, list or object where at least one entry is required.
	CodeEmpty Code = "empty"
	// CodeUnknownOperator: a condition operator RAM does not define. The message suggests the
	// closest valid operator.
	CodeUnknownOperator Code = "unknown-operator"
	// CodeUnknownQualifier: a condition operator prefix other than ForAnyValue: or
	// ForAllValues:. The message suggests the closest valid qualifier.
	CodeUnknownQualifier Code = "unknown-qualifier"
)

// Limits on documents. MaxDepth is fixed: a policy needs six levels of nesting at most, so the
// limit only stops hostile input. The others are defaults for WithMaxLength and
// WithMaxStatements.
const (
	// MaxDepth is the deepest nesting of arrays and objects Parse accepts.
	MaxDepth = 16
	// DefaultMaxLength is the default limit on a document's length in characters, RAM's limit
	// for custom policies.
	DefaultMaxLength = 6144
	// DefaultMaxStatements is the default limit on the number of statements in a document.
	DefaultMaxStatements = 128
)
