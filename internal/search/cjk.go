package search

import (
	"unicode"
	"unicode/utf8"
)

// Chinese, Japanese and Korean are written without spaces between words,
// so the engines see a whole clause ("再接続できない") as one token and a
// word inside it is not found. For each token holding such characters the
// index adds its overlapping pairs (bigrams: 再接 接続 続で でき きな ない),
// and a query word holding them is matched as the phrase of its own
// bigrams (できない → でき きな ない), which any text containing the word
// holds consecutively.

// maxCJKTokens caps the bigram tokens added to one document.
const maxCJKTokens = 4096

// isCJK reports whether r is written in a Chinese, Japanese or Korean
// script (Han, Hiragana, Katakana, Hangul) or is one of the marks that
// belong inside their words (ー, 々, ゝ, ヽ).
func isCJK(r rune) bool {
	if r < 0x1100 {
		return false
	}
	switch r {
	case 'ー', '々', 'ゝ', 'ゞ', 'ヽ', 'ヾ':
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// HasCJK reports whether s holds a Chinese, Japanese or Korean character.
func HasCJK(s string) bool { return hasCJK(s) }

// hasCJK reports whether s holds a CJK character.
func hasCJK(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if isCJK(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// cjkGroup returns the tokens that stand for one lower-cased engine token
// holding CJK characters: its runs of other characters as they are and its
// CJK runs as their bigrams (a run of one character stays itself), in
// order: "ios17で再接続" gives ios17 で再 再接 接続. It returns nil for a
// token without CJK characters or whose group would be the token itself.
func cjkGroup(tok string) []string {
	if !hasCJK(tok) {
		return nil
	}
	var out []string
	var run []rune // the current CJK run
	other := -1    // start of the current run of other characters
	flush := func() {
		switch {
		case len(run) == 1:
			out = append(out, string(run))
		case len(run) > 1:
			for i := 0; i+1 < len(run); i++ {
				out = append(out, string(run[i:i+2]))
			}
		}
		run = run[:0]
	}
	for i, r := range tok {
		if isCJK(r) {
			if other >= 0 {
				out = append(out, tok[other:i])
				other = -1
			}
			run = append(run, r)
			continue
		}
		flush()
		if other < 0 {
			other = i
		}
	}
	flush()
	if other >= 0 {
		out = append(out, tok[other:])
	}
	if len(out) == 1 && out[0] == tok {
		return nil
	}
	return out
}

// cjkExtras returns the bigram groups of the CJK tokens of s, each
// distinct token once, space-separated, at most maxCJKTokens in all.
func cjkExtras(s string) []string {
	if !hasCJK(s) {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, sp := range tokenSpans(s) {
		tok := lower(s[sp.start:sp.end])
		if seen[tok] {
			continue
		}
		seen[tok] = true
		g := cjkGroup(tok)
		if len(g) == 0 {
			continue
		}
		if len(out)+len(g) > maxCJKTokens {
			break
		}
		out = append(out, g...)
	}
	return out
}

// cjkPhrase returns the phrase a query's tokens become with each CJK token
// replaced by its group, or nil when no token changes.
func cjkPhrase(toks []string) []string {
	var out []string
	changed := false
	for _, tok := range toks {
		if g := cjkGroup(tok); g != nil {
			out = append(out, g...)
			changed = true
		} else {
			out = append(out, tok)
		}
	}
	if !changed {
		return nil
	}
	return out
}
