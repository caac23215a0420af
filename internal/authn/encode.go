package authn

const upperHex = "0123456789ABCDEF"

// unreserved reports whether RFC 3986 leaves c as it is: letters, digits, '-', '_', '.', '~'.
func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// PercentEncode encodes s the way Alibaba Cloud's signature v1 does: every byte except RFC 3986's
// unreserved characters becomes %XY with upper-case hex, so a space is "%20" (never "+"), "*" is
// "%2A" and "~" stays. This equals the SDKs' url.QueryEscape followed by their three
// replacements, byte for byte, including for invalid UTF-8.
func PercentEncode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	return string(appendPercentEncoded(make([]byte, 0, len(s)+2*n), s))
}

func appendPercentEncoded(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
	}
	return dst
}
