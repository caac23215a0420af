package policy

import "strconv"

// Kind is the kind of document a policy is, which decides the elements it may contain.
type Kind uint8

// The kinds of policy documents.
const (
	// Identity policies are attached to users, groups and roles: Sid, Effect, Action or
	// NotAction, Resource or NotResource, Condition.
	Identity Kind = iota
	// Trust policies are a role's AssumeRolePolicyDocument: Sid, Effect, Action or NotAction,
	// Principal (required), Condition; no Resource.
	Trust
	// Session policies are the Policy passed to sts:AssumeRole; they narrow a role session and
	// take the same elements as identity policies.
	Session
)

// String returns "identity", "trust" or "session".
func (k Kind) String() string {
	switch k {
	case Identity:
		return "identity"
	case Trust:
		return "trust"
	case Session:
		return "session"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Policy is a parsed and compiled policy document. It is immutable and safe for concurrent use.
type Policy struct {
	code       []byte              // the statements' records (see appendRecord), what decisions read
	compiled   []compiledStatement // parallel to statements
	name       string
	kind       Kind
	statements []Statement
}

// Name returns the name given with WithName, used in errors and explanations.
func (p *Policy) Name() string { return p.name }

// Kind returns the kind the policy was parsed as.
func (p *Policy) Kind() Kind { return p.kind }

// Statements returns the parsed statements in document order. Match.Statement indexes this
// slice. Callers must not modify it.
func (p *Policy) Statements() []Statement { return p.statements }

// Option configures Parse.
type Option func(*options)

type options struct {
	kind          Kind
	name          string
	maxLength     int
	maxStatements int
}

// WithKind parses the document as kind k instead of Identity.
func WithKind(k Kind) Option { return func(o *options) { o.kind = k } }

// WithName names the document, for example with its file name. The name prefixes error lines
// ("policy.json:4:16: ...") and is returned by Policy.Name.
func WithName(name string) Option { return func(o *options) { o.name = name } }

// WithMaxLength sets the longest document accepted, in characters (not bytes), instead of
// DefaultMaxLength. n <= 0 removes the limit.
func WithMaxLength(n int) Option { return func(o *options) { o.maxLength = n } }

// WithMaxStatements sets the largest number of statements accepted instead of
// DefaultMaxStatements. n <= 0 removes the limit.
func WithMaxStatements(n int) Option { return func(o *options) { o.maxStatements = n } }
