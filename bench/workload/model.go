package workload

// Workload is a set of users, the custom policies attached to them, and the vocabulary of actions
// the requests use. It is immutable once generated.
type Workload struct {
	Actions  []string // every action a request may name, "<service>:<Name>" in canonical case
	Policies []Policy
	Users    []User
}

// Policy is one custom policy: a name and its statements.
type Policy struct {
	Name       string
	Statements []Statement
}

// Effect is a statement's effect.
type Effect uint8

// Statement effects.
const (
	Allow Effect = iota + 1
	Deny
)

func (e Effect) String() string {
	if e == Deny {
		return "Deny"
	}
	return "Allow"
}

// Statement is one RAM statement restricted to the shared feature set.
type Statement struct {
	Effect    Effect
	Actions   []string   // RAM action patterns as written; "*" is the only wildcard
	Resources []string   // RAM resource patterns (ARNs); "*" is the only wildcard
	Condition *Condition // nil for an unconditional statement
}

// Operator is a RAM condition operator that every peer engine can express.
type Operator string

// The condition operators the workload uses.
const (
	StringEquals    Operator = "StringEquals"
	StringNotEquals Operator = "StringNotEquals"
	IPAddress       Operator = "IpAddress"
	NotIPAddress    Operator = "NotIpAddress"
	Bool            Operator = "Bool"
)

// Negated reports whether the operator is true when no value matches (and when the key is absent).
func (o Operator) Negated() bool { return o == StringNotEquals || o == NotIPAddress }

// The condition keys the workload uses, spelled as RAM documents them.
const (
	KeySourceIP        = "acs:SourceIp"
	KeySecureTransport = "acs:SecureTransport"
	KeyMFAPresent      = "acs:MFAPresent"
	KeyTeamTag         = "acs:ResourceTag/team"
)

// Condition is one (operator, key) pair with its values, which are OR-ed.
type Condition struct {
	Operator Operator
	Key      string
	Values   []string
}

// User is a principal and the indexes (into Workload.Policies) of the policies attached to it.
type User struct {
	Name     string
	Policies []int
}

// KV is one request context key with its single value.
type KV struct {
	Key, Value string
}

// Request is one access question: may Workload.Users[User] perform Action on Resource?
type Request struct {
	User     int
	Action   string // canonical case, e.g. "ecs:DescribeInstances"
	Resource string // a concrete ARN
	Context  []KV   // at most one entry per key, keys spelled as the Key* constants
}

// Lookup returns the value of key in the request context.
func (r *Request) Lookup(key string) (string, bool) {
	for _, kv := range r.Context {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return "", false
}
