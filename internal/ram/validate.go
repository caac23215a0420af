package ram

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rampart-iam/rampart/internal/errs"
)

// Character sets of names (shared/reference/ram.md §2.2, checked against RAM's current API pages).
func isLetterOrDigit(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// userNameChar: letters, digits, ".", "_", "-" (CreateUser). Group names use the same set:
// RAM's old error page allowed only letters, digits and "-", its current CreateGroup page also
// "." and "_", and Rampart takes the current, wider rule. MFA device names are read the same way.
func userNameChar(r rune) bool { return isLetterOrDigit(r) || r == '.' || r == '_' || r == '-' }

// roleNameChar: letters, digits, ".", "-"; no underscore (CreateRole).
func roleNameChar(r rune) bool { return isLetterOrDigit(r) || r == '.' || r == '-' }

// policyNameChar: letters, digits, "-" (CreatePolicy).
func policyNameChar(r rune) bool { return isLetterOrDigit(r) || r == '-' }

// resourceGroupNameChar: letters, digits, "-" (Resource Manager's CreateResourceGroup, whose
// Name must also start with a letter).
func resourceGroupNameChar(r rune) bool { return isLetterOrDigit(r) || r == '-' }

// checkName checks a required name: present, at most max characters, every character allowed.
func checkName(param, v string, max int, allowed func(rune) bool) error {
	if v == "" {
		return missing(param)
	}
	if utf8.RuneCountInString(v) > max {
		return tooLong(param)
	}
	for _, r := range v {
		if !allowed(r) {
			return invalidChars(param)
		}
	}
	return nil
}

// checkOptionalName is checkName for a name that may be omitted ("").
func checkOptionalName(param, v string, max int, allowed func(rune) bool) error {
	if v == "" {
		return nil
	}
	return checkName(param, v, max, allowed)
}

// checkText checks free text (display names, comments, descriptions): valid UTF-8 without
// control characters, at most max characters. "" is allowed: it means omitted.
func checkText(param, v string, max int) error {
	if !printable(v) {
		return invalidChars(param)
	}
	if utf8.RuneCountInString(v) > max {
		return tooLong(param)
	}
	return nil
}

// printable reports whether v is valid UTF-8 without control characters (C0, DEL, C1).
func printable(v string) bool {
	if !utf8.ValidString(v) {
		return false
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// maxEmailLength bounds an email address (RFC 5321's path limit).
const maxEmailLength = 254

// checkEmail accepts a bare address, local@domain, with a dot in the domain; "" means omitted.
func checkEmail(param, v string) error {
	if v == "" {
		return nil
	}
	if !printable(v) {
		return invalidChars(param)
	}
	a, err := mail.ParseAddress(v)
	_, domain, _ := strings.Cut(v, "@")
	if len(v) > maxEmailLength || err != nil || a.Address != v || a.Name != "" || !strings.Contains(domain, ".") {
		return badFormat(param, "an email address such as alice@example.com")
	}
	return nil
}

// checkMobile accepts RAM's "<country code>-<number>" form, e.g. 86-18600008888; "" means omitted.
func checkMobile(param, v string) error {
	if v == "" {
		return nil
	}
	if !printable(v) {
		return invalidChars(param)
	}
	code, number, ok := strings.Cut(v, "-")
	if !ok || !digits(code, 1, 4) || !digits(number, 4, 20) {
		return badFormat(param, "<country code>-<number>, such as 86-18600008888")
	}
	return nil
}

// digits reports whether v is min to max ASCII digits.
func digits(v string, min, max int) bool {
	if len(v) < min || len(v) > max {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// checkRange checks an integer parameter against RAM's inclusive range
// (InvalidParameter.MinimumPasswordLength.Range and its kind).
func checkRange(param string, v, min, max int) error {
	if v < min || v > max {
		return errs.E(errs.Invalid, "InvalidParameter."+param+".Range", "The parameter - %q MUST be in the range of %d and %d.", param, min, max)
	}
	return nil
}
