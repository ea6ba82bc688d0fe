package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ellipsis marks an excerpt that was cut short.
const ellipsis = "…"

// Excerpt shortens plain text to at most maxRunes runes, ellipsis included.
// It cuts at the last word boundary that fits and appends "…" when anything
// was dropped; a single word longer than the limit is cut mid-word. Text that
// already fits is returned with surrounding whitespace trimmed.
func Excerpt(plain string, maxRunes int) string {
	plain = strings.TrimSpace(plain)
	if maxRunes <= 0 {
		return ""
	}
	if utf8.RuneCountInString(plain) <= maxRunes {
		return plain
	}
	if maxRunes == 1 {
		return ellipsis
	}
	// Byte offset just past the (maxRunes-1)th rune: room for the ellipsis.
	limit := 0
	for i := 0; i < maxRunes-1; i++ {
		_, size := utf8.DecodeRuneInString(plain[limit:])
		limit += size
	}
	cut := limit
	next, _ := utf8.DecodeRuneInString(plain[limit:])
	if !unicode.IsSpace(next) {
		// The limit falls inside a word: back up to the space before it.
		if i := strings.LastIndexFunc(plain[:limit], unicode.IsSpace); i > 0 {
			cut = i
		}
	}
	head := strings.TrimRightFunc(plain[:cut], func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' && r != ']' && r != '"'
	})
	if head == "" {
		head = plain[:limit]
	}
	return head + ellipsis
}
