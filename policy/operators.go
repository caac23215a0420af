package policy

import "strings"

// family is the type an operator reads its values as.
type family uint8

const (
	famString     family = iota // exact, case-sensitive
	famStringFold               // case-insensitive (Unicode simple folding)
	famStringLike               // "*" and "?" patterns, case-sensitive
	famNumeric
	famDate
	famBool
	famIP
)

// comparison is how a request value is compared with a policy value of an ordered family.
type comparison uint8

const (
	cmpEqual comparison = iota
	cmpLess
	cmpLessEqual
	cmpGreater
	cmpGreaterEqual
)

// operator describes one condition operator RAM defines.
type operator struct {
	name    string
	family  family
	cmp     comparison
	negated bool // true for the Not* operators: they hold when no policy value matches
}

// operators lists every operator, in the order RAM documents them. It returns an array so
// that the table is a value, not package state.
func operators() [21]operator {
	return [...]operator{
		{"StringEquals", famString, cmpEqual, false},
		{"StringNotEquals", famString, cmpEqual, true},
		{"StringEqualsIgnoreCase", famStringFold, cmpEqual, false},
		{"StringNotEqualsIgnoreCase", famStringFold, cmpEqual, true},
		{"StringLike", famStringLike, cmpEqual, false},
		{"StringNotLike", famStringLike, cmpEqual, true},
		{"NumericEquals", famNumeric, cmpEqual, false},
		{"NumericNotEquals", famNumeric, cmpEqual, true},
		{"NumericLessThan", famNumeric, cmpLess, false},
		{"NumericLessThanEquals", famNumeric, cmpLessEqual, false},
		{"NumericGreaterThan", famNumeric, cmpGreater, false},
		{"NumericGreaterThanEquals", famNumeric, cmpGreaterEqual, false},
		{"DateEquals", famDate, cmpEqual, false},
		{"DateNotEquals", famDate, cmpEqual, true},
		{"DateLessThan", famDate, cmpLess, false},
		{"DateLessThanEquals", famDate, cmpLessEqual, false},
		{"DateGreaterThan", famDate, cmpGreater, false},
		{"DateGreaterThanEquals", famDate, cmpGreaterEqual, false},
		{"Bool", famBool, cmpEqual, false},
		{"IpAddress", famIP, cmpEqual, false},
		{"NotIpAddress", famIP, cmpEqual, true},
	}
}

// lookupOperator finds an operator by its exact, case-sensitive name.
func lookupOperator(name string) (operator, bool) {
	for _, op := range operators() {
		if op.name == name {
			return op, true
		}
	}
	return operator{}, false
}

func operatorNames() []string {
	ops := operators()
	names := make([]string, len(ops))
	for i, op := range ops {
		names[i] = op.name
	}
	return names
}

// splitQualifier splits "ForAnyValue:StringEquals" into its prefix and operator. prefix is ""
// when the name has no colon.
func splitQualifier(name string) (prefix, op string) {
	if i := strings.IndexByte(name, ':'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

func lookupQualifier(prefix string) (Qualifier, bool) {
	switch prefix {
	case "ForAnyValue":
		return ForAnyValue, true
	case "ForAllValues":
		return ForAllValues, true
	}
	return NoQualifier, false
}
