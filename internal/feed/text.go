package feed

import (
	"strings"
	"unicode/utf8"
)

// clean returns s without the characters that XML 1.0 forbids, with invalid
// UTF-8 replaced by U+FFFD. Clean input, the common case, is returned as is
// without allocating.
func clean(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !xmlChar(r) || (r == utf8.RuneError && size == 1) {
			return cleanFrom(s, i)
		}
		i += size
	}
	return s
}

// cleanFrom rebuilds s from the first offending byte at i onwards.
func cleanFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		// Ranging over a string yields U+FFFD for each invalid byte, which
		// is the replacement wanted, and it is itself a legal character.
		if xmlChar(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether r is allowed by the Char production of XML 1.0.
func xmlChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	case r < 0x10000:
		return false
	}
	return r <= 0x10FFFF
}
