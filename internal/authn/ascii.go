package authn

// ASCII helpers for header names, so that canonicalizing a signed request's headers allocates
// nothing for the names net/http hands over.

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// visibleASCII reports whether s is printable ASCII without spaces (0x21 to 0x7E), as every
// AccessKey ID and every SDK's signature nonce is. A string outside it is refused before it
// reaches the store: PostgreSQL refuses text with a NUL or invalid UTF-8 with an error, which
// would answer InternalError, and for a nonce fail every request whose nonce shares its batch.
func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s starts with prefix (lower-case ASCII), ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lowerASCII(s[i]) != prefix[i] {
			return false
		}
	}
	return true
}

// compareFold compares ASCII strings as strings.ToLower would leave them, byte by byte.
func compareFold(a, b string) int {
	for i := 0; i < min(len(a), len(b)); i++ {
		if x, y := lowerASCII(a[i]), lowerASCII(b[i]); x != y {
			return int(x) - int(y)
		}
	}
	return len(a) - len(b)
}

// appendLower appends ASCII s lower-cased.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		dst = append(dst, lowerASCII(s[i]))
	}
	return dst
}

// canonicalToken reports whether s is an HTTP token (RFC 9110 tchar) in the canonical case of
// textproto.CanonicalMIMEHeaderKey: upper-case at the start and after each '-', lower-case
// elsewhere. Such a name is the canonical key of its lower-cased form, so a header map holds its
// values under it.
func canonicalToken(s string) bool {
	if s == "" {
		return false
	}
	upper := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z':
			if upper {
				return false
			}
		case 'A' <= c && c <= 'Z':
			if !upper {
				return false
			}
		case '0' <= c && c <= '9', c == '-':
		default:
			if !isTokenSymbol(c) {
				return false
			}
		}
		upper = c == '-'
	}
	return true
}

func isTokenSymbol(c byte) bool {
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}
