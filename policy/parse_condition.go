package policy

import (
	"strings"
)

// conditions parses a Condition block: {operator: {key: value or [values]}}.
func (p *parser) conditions(ptr *pointer) []Condition {
	if k := p.peek(); k != '{' {
		if k != 0 {
			p.wrongShape(ptr, "an object mapping condition operators to keys")
		}
		return nil
	}
	var conds []Condition
	ops := 0
	start := p.object(ptr, func(name string, off int64, optr *pointer) {
		ops++
		q, op, ok := p.operator(name, off, optr)
		if k := p.peek(); k != '{' {
			if k != 0 {
				p.wrongShape(optr, "an object mapping condition keys to values")
			}
			return
		}
		keys := 0
		kstart := p.object(optr, func(key string, koff int64, kptr *pointer) {
			keys++
			if key == "" {
				p.report(koff, kptr, CodeEmpty, "a condition key must not be empty")
			}
			check := checkFunc(func(string, int64, *pointer) {})
			if ok {
				check = p.checkCondition(op)
			}
			values := p.stringList(kptr, "a condition's value list", check)
			conds = append(conds, Condition{Operator: op.name, Qualifier: q, Key: key, Values: values})
		})
		if keys == 0 && !p.stop {
			p.report(kstart, optr, CodeEmpty, "%s must name at least one condition key", name)
		}
	})
	if ops == 0 && !p.stop {
		p.report(start, ptr, CodeEmpty, "Condition must name at least one operator")
	}
	return conds
}

// operator resolves "[Qualifier:]Operator", reporting unknown names with the closest valid one.
func (p *parser) operator(name string, off int64, ptr *pointer) (Qualifier, operator, bool) {
	prefix, opName := splitQualifier(name)
	q, ok := NoQualifier, true
	if strings.Contains(name, ":") {
		if q, ok = lookupQualifier(prefix); !ok {
			p.report(off, ptr, CodeUnknownQualifier, "unknown qualifier %q%s", prefix,
				orWant(prefix, []string{"ForAnyValue", "ForAllValues"}))
		}
	}
	op, found := lookupOperator(opName)
	if !found {
		p.report(off, ptr, CodeUnknownOperator, "unknown operator %q%s", opName, unknownOperatorHint(opName))
	}
	return q, op, ok && found
}

// unknownOperatorHint suggests the closest operator, or, when none is close (RAM has too many
// to list), names one of each family, so that every unknown operator comes with a way on.
func unknownOperatorHint(name string) string {
	switch {
	case name == "Null":
		return ": RAM has no Null operator; an absent key already makes positive operators false and negated ones true"
	case strings.HasSuffix(name, "IfExists"):
		return ": RAM has no ...IfExists operators; an absent key already makes positive operators false and negated ones true"
	}
	if s := didYouMean(name, operatorNames()); s != "" {
		return s
	}
	return `: want an operator RAM defines, such as "StringEquals", "StringLike", "NumericLessThan", "DateGreaterThan", "Bool" or "IpAddress"`
}

// orWant suggests the closest candidate, or lists them all when none is close.
func orWant(word string, candidates []string) string {
	if s := didYouMean(word, candidates); s != "" {
		return s
	}
	if len(candidates) > 3 {
		return ""
	}
	return ": want " + quoteList(candidates)
}

// checkCondition validates policy-side values for op at parse time, so a malformed number,
// date, boolean or address is reported where it is written instead of silently never matching.
func (p *parser) checkCondition(op operator) checkFunc {
	return func(v string, off int64, ptr *pointer) {
		if want := checkConditionValue(op, v); want != "" {
			p.report(off, ptr, CodeInvalidValue, "invalid value %q for %s: %s", v, op.name, want)
		}
	}
}
