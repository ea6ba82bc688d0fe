package web

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parley-forum/parley/internal/markup"
)

// answerExcerptRunes bounds the excerpt of an answer at the top of a thread.
const answerExcerptRunes = 240

// htmlExcerpt is the start of a post's stored (sanitized) HTML as plain
// text: tags dropped, entities decoded, white space collapsed, cut at a
// word boundary after at most max runes. It reads only as much of the
// HTML as the excerpt needs, so a long answer costs no more than a short one.
func htmlExcerpt(s string, max int) string {
	var b strings.Builder
	runes, space := 0, false
	for i := 0; i < len(s) && runes <= max; {
		switch c := s[i]; {
		case c == '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				i = len(s)
				continue
			}
			if !inlineTag(s[i+1 : i+end]) {
				space = true // blocks and line breaks separate words
			}
			i += end + 1
		case c == '&':
			end := strings.IndexByte(s[i:], ';')
			if end < 0 || end > 10 {
				b.WriteByte('&')
				runes++
				i++
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
				runes++
			}
			space = false
			u := html.UnescapeString(s[i : i+end+1])
			b.WriteString(u)
			runes += utf8.RuneCountInString(u)
			i += end + 1
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			i += n
			if unicode.IsSpace(r) {
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
				runes++
			}
			space = false
			b.WriteRune(r)
			runes++
		}
	}
	return markup.Excerpt(b.String(), max)
}

// inlineTag reports whether the inside of a tag ("code", "/em", "a href=…")
// is an inline element, which does not separate words.
func inlineTag(t string) bool {
	t = strings.TrimPrefix(t, "/")
	if n := strings.IndexAny(t, " \t\n/"); n >= 0 {
		t = t[:n]
	}
	switch strings.ToLower(t) {
	case "a", "abbr", "b", "code", "del", "em", "i", "ins", "kbd", "mark", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var":
		return true
	}
	return false
}
