package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// item is one lexed piece of a query: a word or a quoted phrase.
type item struct {
	pos     int    // byte offset of its first character, "-" included
	text    string // the word, or the phrase's words joined by single spaces
	phrase  bool
	exclude bool
}

// isQuote reports whether r opens or closes a phrase. Typographic quotes
// count, because text pasted from documents and some keyboards use them.
func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

// checkText rejects queries that are too long or hold bytes that can't be
// part of a search: invalid UTF-8, NUL and control characters other than
// tab, newline and carriage return (which pasted text brings, and which
// separate words like spaces). The length limit counts characters other
// than white space, which Query.String never adds to, so a canonical form
// is always within the limit when its query was; maxQueryBytes bounds the
// work for inputs padded with spaces.
func checkText(q string) error {
	if len(q) > maxQueryBytes {
		return syntaxErr(maxQueryBytes, "the query is longer than %d characters", MaxQueryLen)
	}
	n := 0
	for i, r := range q {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(q[i:], "\uFFFD"):
			return syntaxErr(i, "the query is not valid UTF-8 text")
		case r == 0:
			return syntaxErr(i, "the query contains a NUL character")
		case r == '\t' || r == '\n' || r == '\r':
			continue
		case unicode.IsControl(r):
			return syntaxErr(i, "the query contains a control character (U+%04X)", r)
		case unicode.IsSpace(r):
			continue
		}
		n++
		if n > MaxQueryLen {
			return syntaxErr(i, "the query is longer than %d characters", MaxQueryLen)
		}
	}
	return nil
}

// lex splits a checked query into words and phrases. A word ends at white
// space or a quote; a phrase runs from a quote to the next quote. A "-"
// right before a letter or a quote excludes what follows; any other "-"
// is part of the word ("--verbose", "-1").
func lex(q string) ([]item, error) {
	var out []item
	i := 0
	for i < len(q) {
		r, w := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		it := item{pos: i}
		if r == '-' {
			next, nw := utf8.DecodeRuneInString(q[i+w:])
			if unicode.IsLetter(next) || isQuote(next) {
				it.exclude = true
				i += w
				r, w = next, nw
			}
		}
		if isQuote(r) {
			end := strings.IndexFunc(q[i+w:], isQuote)
			if end < 0 {
				return nil, syntaxErr(i, "unclosed quote: add a closing \" or remove the opening one")
			}
			it.phrase = true
			it.text = strings.Join(strings.Fields(q[i+w:i+w+end]), " ")
			_, cw := utf8.DecodeRuneInString(q[i+w+end:])
			i += w + end + cw
		} else {
			end := strings.IndexFunc(q[i:], func(r rune) bool { return unicode.IsSpace(r) || isQuote(r) })
			if end < 0 {
				end = len(q) - i
			}
			it.text = q[i : i+end]
			i += end
		}
		out = append(out, it)
	}
	return out, nil
}
