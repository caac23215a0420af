package policy

import "time"

// date backs the Date* operators. Values are instants, compared in time whatever their zones.
type date struct {
	cmp    comparison
	values []time.Time
}

func newDate(c comparison, values []string) date {
	d := date{cmp: c, values: make([]time.Time, len(values))}
	for i, v := range values {
		d.values[i], _ = parseDate(v)
	}
	return d
}

func (d date) matchAny(v string) bool {
	t, ok := parseDate(v)
	if !ok {
		return false
	}
	for _, p := range d.values {
		if d.cmp.holds(t.Compare(p)) {
			return true
		}
	}
	return false
}

// parseDate reads an RFC 3339 date and time with a zone: YYYY-MM-DDTHH:MM:SS, an optional
// fraction of up to nine digits, then "Z" or ±HH:MM ("2019-08-12T17:00:00+08:00",
// "2012-11-11T23:59:59Z", "2012-11-11T23:59:59.5z"). Dates without a time or a zone, and leap
// seconds, are rejected.
//
// It is hand-written rather than time.Parse because time.Parse allocates a location for every
// non-UTC offset, and request values are parsed on the allocation-free decision path.
func parseDate(s string) (time.Time, bool) {
	const base = len("2006-01-02T15:04:05")
	if len(s) < base+1 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
		s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	rest := s[base:]
	nsec := 0
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && n <= 9 && isDigit(rest[n]) {
			n++
		}
		if n == 1 || (n < len(rest) && isDigit(rest[n])) {
			return time.Time{}, false // no digits, or more than nine
		}
		frac, _ := digits(rest[1:n])
		for range 10 - n {
			frac *= 10
		}
		nsec, rest = frac, rest[n:]
	}
	offset := 0
	switch {
	case rest == "Z" || rest == "z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:3])
		om, ok2 := digits(rest[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

// digits reads a string of ASCII digits as a non-negative integer.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, len(s) > 0
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
