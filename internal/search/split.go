package search

import (
	"unicode"
	"unicode/utf8"
)

// Limits that keep the extra index tokens proportional to the identifiers a
// post really contains rather than to its length.
const (
	// maxIdentLen is the longest identifier, in bytes, that is split. Longer
	// runs are hashes, base64 and the like, and splitting them only adds noise.
	maxIdentLen = 64
	// maxSpanParts is the most parts an identifier may have for every glued
	// run of its parts to be indexed; longer ones get prefixes and suffixes.
	maxSpanParts = 8
	// maxExtraTokens caps the extra tokens IndexText adds to one document.
	maxExtraTokens = 4096
)

// splitCamel splits one token (a run of token runes, original case) at its
// case and digit boundaries and returns the lower-cased parts, or nil when
// the token is not mixed-case or does not split. See doc.go for the rules.
func splitCamel(tok string) []string {
	if len(tok) > maxIdentLen || isHexLiteral(tok) {
		return nil
	}
	if !isMixedCase(tok) {
		return nil
	}
	rs := []rune(tok)
	var parts []string
	start := 0
	for i := 1; i < len(rs); i++ {
		if isBoundary(rs, i) {
			parts = append(parts, lower(string(rs[start:i])))
			start = i
		}
	}
	if start == 0 {
		return nil
	}
	return append(parts, lower(string(rs[start:])))
}

// isMixedCase reports whether rs has a lower-case letter and an upper-case
// letter after its first rune: "preferNoProxies", "URLSession", "iOS", but
// not "Provider", "EMFILE" or "errno".
func isMixedCase(tok string) bool {
	hasLower, hasInnerUpper := false, false
	for i, r := range tok {
		switch {
		case isLower(r):
			hasLower = true
		case i > 0 && isUpper(r):
			hasInnerUpper = true
		}
	}
	return hasLower && hasInnerUpper
}

// isBoundary reports whether a mixed-case token splits before rs[i].
func isBoundary(rs []rune, i int) bool {
	p, c := rs[i-1], rs[i]
	switch {
	case unicode.IsNumber(p) != unicode.IsNumber(c):
		// "HTTPServer2", "Int32Value", "iOS17".
		return true
	case isLower(p) && isUpper(c):
		// "preferNo".
		return true
	case isUpper(p) && isUpper(c) && i+1 < len(rs) && isLower(rs[i+1]):
		// The last capital of an acronym starts the next word ("URLSession"
		// splits before "S"), unless what follows is a plural "s" ("URLs",
		// "IDsForUsers").
		return !isPluralS(rs, i+1)
	}
	return false
}

// isPluralS reports whether rs[j] is an "s" that ends its word.
func isPluralS(rs []rune, j int) bool {
	return rs[j] == 's' && (j+1 == len(rs) || !isLower(rs[j+1]))
}

func isUpper(r rune) bool {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	return unicode.IsUpper(r) || unicode.IsTitle(r)
}

func isLower(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z'
	}
	return unicode.IsLower(r)
}

// isHexLiteral reports whether tok is 0x followed by hex digits, in any
// case. "0xDeadBeef" must stay one token: its "parts" mean nothing.
func isHexLiteral(tok string) bool {
	if len(tok) < 3 || tok[0] != '0' || tok[1] != 'x' && tok[1] != 'X' {
		return false
	}
	for i := 2; i < len(tok); i++ {
		c := tok[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// gluedRuns returns the parts of one split token glued back together over
// every contiguous run of two or more parts, the whole token first. Tokens
// of more than maxSpanParts parts get only the runs that start at the first
// part or end at the last one.
func gluedRuns(parts []string) []string {
	n := len(parts)
	out := []string{joinParts(parts)}
	for length := n - 1; length >= 2; length-- {
		for i := 0; i+length <= n; i++ {
			if n > maxSpanParts && i != 0 && i+length != n {
				continue
			}
			out = append(out, joinParts(parts[i:i+length]))
		}
	}
	return out
}

func joinParts(parts []string) string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for _, p := range parts {
		b = append(b, p...)
	}
	return string(b)
}
