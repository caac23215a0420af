package policy

import "strings"

// condition is a compiled (operator, key) pair: its values are parsed once, at compile time,
// into a comparator of the operator's family.
type condition struct {
	key       string // lower-cased: keys compare case-insensitively
	qualifier Qualifier
	negated   bool
	values    comparator
}

// comparator reports whether one request value matches any of a condition's policy values
// under the operator's positive comparison. A request value that cannot be read as the
// family's type matches nothing.
type comparator interface {
	matchAny(v string) bool
}

// holds evaluates the condition against a request context; see Condition for the semantics.
func (c *condition) holds(ctx *Context) bool {
	vs := ctx.values(c.key)
	if len(vs) == 0 {
		return c.negated // absent key: positive operators fail, negated ones hold
	}
	switch c.qualifier {
	case ForAllValues:
		for _, v := range vs {
			if c.values.matchAny(v) == c.negated { // v does not satisfy the operator
				return false
			}
		}
		return true
	case ForAnyValue:
		for _, v := range vs {
			if c.values.matchAny(v) != c.negated { // v satisfies the operator
				return true
			}
		}
		return false
	}
	for _, v := range vs {
		if c.values.matchAny(v) {
			return !c.negated
		}
	}
	return c.negated
}

// compileCondition binds a parsed condition to its comparator. The parser has validated the
// operator and every value, so compilation cannot fail.
func compileCondition(c Condition) condition {
	op, _ := lookupOperator(c.Operator)
	return condition{
		key:       strings.ToLower(c.Key),
		qualifier: c.Qualifier,
		negated:   op.negated,
		values:    newComparator(op, c.Values),
	}
}

func newComparator(op operator, values []string) comparator {
	switch op.family {
	case famString:
		return stringEquals(values)
	case famStringFold:
		return stringEqualsFold(values)
	case famStringLike:
		return newStringLike(values)
	case famNumeric:
		return newNumeric(op.cmp, values)
	case famDate:
		return newDate(op.cmp, values)
	case famBool:
		return newBoolean(values)
	}
	return newIPAddress(values)
}

// checkConditionValue validates one policy-side value for op and returns what was wanted
// instead, or "" when the value is fine.
func checkConditionValue(op operator, v string) string {
	switch op.family {
	case famNumeric:
		if _, ok := parseNumber(v); !ok {
			return "want a decimal number such as \"10\" or \"2.5\""
		}
	case famDate:
		if _, ok := parseDate(v); !ok {
			return "want an RFC 3339 date and time with a zone, such as \"2019-08-12T17:00:00+08:00\" or \"2012-11-11T23:59:59Z\""
		}
	case famBool:
		if _, ok := parseBool(v); !ok {
			return "want \"true\" or \"false\""
		}
	case famIP:
		if _, ok := parsePolicyPrefix(v); !ok {
			return "want an IPv4 or IPv6 address or CIDR block, such as \"192.168.0.1\" or \"10.0.0.0/8\""
		}
	}
	return ""
}

// holds applies an ordered comparison given the sign of request value minus policy value.
func (c comparison) holds(sign int) bool {
	switch c {
	case cmpLess:
		return sign < 0
	case cmpLessEqual:
		return sign <= 0
	case cmpGreater:
		return sign > 0
	case cmpGreaterEqual:
		return sign >= 0
	}
	return sign == 0
}
