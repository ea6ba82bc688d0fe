package markup

import "strings"

// Byte classes shared by the detectors. Matches are delimited by "clean"
// neighbours: a match glued to a word character, or to a dot or separator
// that continues the token, is part of something larger (a version string,
// an identifier, a file name) and is left alone.

// byteAt returns src[i], or 0 outside the string.
func byteAt(src string, i int) byte {
	if i < 0 || i >= len(src) {
		return 0
	}
	return src[i]
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isWord(c byte) bool   { return isDigit(c) || isLetter(c) || c == '_' }
func isHexDigit(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// cleanBefore reports whether a match may start at src[start:]: the byte
// before it is neither a word character nor one of the extra bytes that
// would make it the tail of a longer token.
func cleanBefore(src string, start int, extra string) bool {
	c := byteAt(src, start-1)
	return !isWord(c) && (c == 0 || strings.IndexByte(extra, c) < 0)
}

// cleanAfter reports whether a match may end at src[:end]: the next byte is
// not a word character or one of extra, and is not a dot that continues the
// token (a sentence-ending dot is fine).
func cleanAfter(src string, end int, extra string) bool {
	c := byteAt(src, end)
	if isWord(c) || c != 0 && strings.IndexByte(extra, c) >= 0 {
		return false
	}
	return c != '.' || !isWord(byteAt(src, end+1))
}

func isSpaceOrEnd(src string, i int) bool {
	c := byteAt(src, i)
	return c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// asciiLower lower-cases ASCII letters only, so byte offsets into the result
// are offsets into s (strings.ToLower may change the length of non-ASCII
// text).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
