package policy

import (
	"cmp"
	"strconv"
)

// numeric backs the Numeric* operators. Values are finite decimal numbers, compared as
// float64.
type numeric struct {
	cmp    comparison
	values []float64
}

func newNumeric(c comparison, values []string) numeric {
	n := numeric{cmp: c, values: make([]float64, len(values))}
	for i, v := range values {
		n.values[i], _ = parseNumber(v)
	}
	return n
}

func (n numeric) matchAny(v string) bool {
	x, ok := parseNumber(v)
	if !ok {
		return false
	}
	for _, p := range n.values {
		if n.cmp.holds(cmp.Compare(x, p)) {
			return true
		}
	}
	return false
}

// parseNumber reads a finite decimal number: an optional sign, digits with an optional
// fraction, and an optional exponent ("10", "-2.5", "1e3"). Hexadecimal, "Inf", "NaN" and
// digit separators, which strconv would accept, are rejected.
func parseNumber(s string) (float64, bool) {
	if !isDecimal(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && isDigit(s[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for ; i < len(s) && isDigit(s[i]); i++ {
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
