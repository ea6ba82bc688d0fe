package search

import (
	"iter"
	"strings"
	"unicode/utf8"
)

// IndexText returns the text to put in the full-text index for a document:
// the original text unchanged, then, after a newline, the extra tokens that
// Extras makes from its code identifiers, so that both whole identifiers and
// their parts match, the bigrams of its CJK words (cjkExtras), so that a
// word inside a clause matches, and the English stems of its plain words
// that differ from the word (stemExtras), so that "crashes" finds
// "crashed". Text with none of these comes back as is.
func IndexText(s string) string {
	ex := Extras(s)
	cjk := cjkExtras(s)
	stems := stemExtras(s)
	if ex == "" && len(cjk) == 0 && len(stems) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(ex) + 8*(len(cjk)+len(stems)) + 3)
	b.WriteString(s)
	for _, part := range []string{ex, strings.Join(cjk, " "), strings.Join(stems, " ")} {
		if part != "" {
			b.WriteByte('\n')
			b.WriteString(part)
		}
	}
	return b.String()
}

// exactIndexText is IndexText without the stems: the tokens a term's exact
// phrases are matched against when ranking.
func exactIndexText(s string) string {
	out := s
	if ex := Extras(s); ex != "" {
		out += "\n" + ex
	}
	if cjk := cjkExtras(s); len(cjk) > 0 {
		out += "\n" + strings.Join(cjk, " ")
	}
	return out
}

// stemMark starts every stem token of the index ("ǂcrash" for crashed),
// so that a stem never passes for a word as written: "drain" quoted, or
// -drain, does not match a post that only says "drains". It is a letter
// (Lo, without case) to both engines' tokenizers, and no English word
// has it.
const stemMark = "ǂ"

// maxStemTokens caps the stems added to one document.
const maxStemTokens = 2048

// stemExtras returns the distinct stems of the plain words of s (see
// wordStem) that differ from the word itself, each marked with stemMark,
// in order of first appearance, at most maxStemTokens.
func stemExtras(s string) []string {
	var out []string
	var seen map[string]bool
	for id := range identifiers(s) {
		text := s[id.start:id.end]
		st := wordStem(text)
		if st == "" || len(st) == len(text) && st == lower(text) {
			continue
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		if seen[st] {
			continue
		}
		seen[st] = true
		out = append(out, stemMark+st)
		if len(out) == maxStemTokens {
			break
		}
	}
	return out
}

// Extras returns the extra index tokens for the code identifiers in s,
// space-separated and lower-cased, each distinct identifier once, at most
// maxExtraTokens in all. doc.go describes the groups it writes.
func Extras(s string) string {
	var b strings.Builder
	seenIdent := map[string]bool{}
	seenGroup := map[string]bool{}
	count := 0
	for id := range identifiers(s) {
		text := s[id.start:id.end]
		if !isMixedCase(text) || seenIdent[text] {
			// Without a mixed-case token there is nothing to add, and
			// most of a log is like that.
			continue
		}
		seenIdent[text] = true
		toks := trimNumbers(text, tokenSpans(text))
		var groups [][]string
		if len(text) <= maxIdentLen {
			groups = [][]string{identGroup(text, toks)}
		} else {
			// A long path or dotted chain still gets its mixed-case
			// pieces, each as a group of its own.
			for _, t := range toks {
				groups = append(groups, identGroup(text, []span{t}))
			}
		}
		for _, g := range groups {
			if len(g) == 0 {
				continue
			}
			key := strings.Join(g, " ")
			if seenGroup[key] {
				continue
			}
			if count+len(g) > maxExtraTokens {
				return b.String()
			}
			seenGroup[key] = true
			count += len(g)
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(key)
		}
	}
	return b.String()
}

// trimNumbers drops the trailing all-digit tokens of an identifier, so that
// "Provider.swift:41" and "Provider.swift:97" make one group rather than one
// per line number. The numbers stay searchable in the original text.
func trimNumbers(text string, toks []span) []span {
	for len(toks) > 1 && isAllDigits(text[toks[len(toks)-1].start:toks[len(toks)-1].end]) {
		toks = toks[:len(toks)-1]
	}
	return toks
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// identGroup returns the extra tokens for one identifier made of the given
// token spans of text: the glued runs of each mixed-case token, then the
// parts of the whole identifier in order. It returns nil when no token of
// the identifier is mixed-case, because the engine's own tokens of the
// original text already cover it.
func identGroup(text string, toks []span) []string {
	var glued, parts []string
	for _, t := range toks {
		tok := text[t.start:t.end]
		if p := splitCamel(tok); p != nil {
			glued = append(glued, gluedRuns(p)...)
			parts = append(parts, p...)
		} else {
			parts = append(parts, lower(tok))
		}
	}
	if glued == nil {
		return nil
	}
	return append(glued, parts...)
}

// isConnector reports whether r joins tokens into one identifier:
// snake_case, dotted names, std::scope, kebab-case and paths.
func isConnector(r rune) bool {
	switch r {
	case '_', '.', ':', '-', '/':
		return true
	}
	return false
}

// identifiers yields the byte ranges of the identifiers in s: maximal runs
// of token runes and connectors, trimmed to start and end with a token rune.
func identifiers(s string) iter.Seq[span] {
	return func(yield func(span) bool) {
		start, last := -1, -1 // first and end of last token rune of the run
		for i, r := range s {
			switch {
			case isTokenRune(r):
				if start < 0 {
					start = i
				}
				last = i + utf8.RuneLen(r)
			case isConnector(r):
			case start >= 0:
				if !yield(span{start, last}) {
					return
				}
				start, last = -1, -1
			}
		}
		if start >= 0 {
			yield(span{start, last})
		}
	}
}
