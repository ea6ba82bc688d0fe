package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isTokenRune reports whether r belongs inside a token. The classes are
// those of SQLite's unicode61 tokenizer with its default categories
// ("L* N* Co"): letters, numbers and private-use characters. Everything
// else, including "_", "." and combining marks, separates tokens.
func isTokenRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// span is a byte range [start, end) of a string.
type span struct{ start, end int }

// tokenSpans returns the byte ranges of the runs of token runes in s, in
// order. Invalid UTF-8 decodes to U+FFFD, which is a separator.
func tokenSpans(s string) []span {
	var out []span
	start := -1
	for i, r := range s {
		switch {
		case isTokenRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			out = append(out, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(s)})
	}
	return out
}

// lower folds a token the way both engines do: per-rune simple lower case.
func lower(tok string) string {
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return strings.ToLower(tok)
		}
	}
	return tok
}

// Tokenize splits s the way the full-text engines do: runs of letters,
// numbers and private-use characters, lower-cased; every other character
// separates tokens. It is the reference for what an engine sees in the
// text that IndexText returns and in the phrases that Terms returns.
func Tokenize(s string) []string {
	spans := tokenSpans(s)
	if len(spans) == 0 {
		return nil
	}
	out := make([]string, len(spans))
	for i, sp := range spans {
		out[i] = lower(s[sp.start:sp.end])
	}
	return out
}

// Fold returns the tokens of s joined by single spaces. PostgreSQL indexes
// Fold(IndexText(s)) rather than the text itself, because its default
// parser keeps host names, file names, version numbers and URLs whole
// ("com.corvid.network.helper" would be one token) where the scheme needs
// them split like every other separator.
func Fold(s string) string {
	return strings.Join(Tokenize(s), " ")
}
