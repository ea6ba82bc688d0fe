package forum

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parley-forum/parley/internal/search"
)

// Snippet sizes, in bytes of plain text.
const (
	snippetLen    = 240
	snippetBefore = 60 // context kept before the first match
)

// Snippet returns an excerpt of text around the first word that q
// matched, HTML-escaped, with every matched word wrapped in <mark>. The
// result is safe to insert into HTML as is. A word counts as matched when
// it, or one of its code parts (URLSession: url, session), is a token of
// an included term, so "FilterProvider" marks NEFilterProvider.
func Snippet(text string, q search.Query) string {
	want := map[string]bool{}
	for _, t := range q.Included() {
		for _, alt := range t.Alternatives() {
			for _, tok := range alt {
				want[tok] = true
			}
		}
		// A word found by its stem ("crashed" for crashes) is marked too,
		// under a key no token can have.
		if st := t.Stem(); st != "" {
			want[" "+st] = true
		}
	}
	words := wordSpans(text)
	marked := make([]bool, len(words))
	first := -1
	for i, w := range words {
		if matchesAny(text[w[0]:w[1]], want) {
			marked[i] = true
			if first < 0 {
				first = i
			}
		}
	}
	start := 0
	if first >= 0 && words[first][0] > snippetBefore {
		start = startOfWordBefore(text, words[first][0]-snippetBefore)
	}
	end := len(text)
	if end-start > snippetLen {
		end = endOfWordAfter(text, start+snippetLen)
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	pos := start
	for i, w := range words {
		if !marked[i] || w[0] < start || w[1] > end {
			continue
		}
		b.WriteString(html.EscapeString(squeeze(text[pos:w[0]])))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[w[0]:w[1]]))
		b.WriteString("</mark>")
		pos = w[1]
	}
	b.WriteString(html.EscapeString(squeeze(text[pos:end])))
	if end < len(text) {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

func matchesAny(word string, want map[string]bool) bool {
	if len(want) == 0 {
		return false
	}
	if want[strings.ToLower(word)] {
		return true
	}
	if st := search.WordStem(word); st != "" && want[" "+st] {
		return true
	}
	if search.HasCJK(word) {
		// A CJK word is found inside a longer run of text.
		lw := strings.ToLower(word)
		for tok := range want {
			if search.HasCJK(tok) && strings.Contains(lw, tok) {
				return true
			}
		}
	}
	for _, part := range search.Terms(word) {
		if want[part] {
			return true
		}
	}
	return false
}

// wordSpans returns the byte ranges of the runs of letters, digits and
// joiners (_ . - :) in text: identifiers are marked whole.
func wordSpans(text string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range text {
		inWord := unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Co)
		joiner := start >= 0 && strings.ContainsRune("_.-:", r) && i+1 < len(text) && isWordStart(text[i+1:])
		switch {
		case inWord || joiner:
			if start < 0 {
				start = i
			}
		case start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

func isWordStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// squeeze collapses runs of white space (code blocks, blank lines) so a
// snippet reads as one paragraph.
func squeeze(s string) string {
	if !strings.ContainsAny(s, "\n\t\r  ") {
		return s
	}
	lead := len(s) > 0 && unicode.IsSpace(rune(s[0]))
	trail := len(s) > 0 && unicode.IsSpace(rune(s[len(s)-1]))
	out := strings.Join(strings.Fields(s), " ")
	if lead {
		out = " " + out
	}
	if trail && out != " " {
		out += " "
	}
	return out
}

// maxWordStretch bounds how far a snippet edge moves to keep a word whole,
// so a long run without spaces (a hash, a minified line) is simply cut.
const maxWordStretch = 40

// startOfWordBefore moves i back to the start of the word it is in.
func startOfWordBefore(text string, i int) int {
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	for limit := i - maxWordStretch; i > 0 && i > limit; {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if unicode.IsSpace(r) {
			break
		}
		i -= size
	}
	return i
}

// endOfWordAfter moves i forward to the end of the word it is in.
func endOfWordAfter(text string, i int) int {
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	for limit := i + maxWordStretch; i < len(text) && i < limit; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}
