package web

import (
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// The budget of one revision diff. Bodies are capped by --body-max, but
// that is configurable, so the diff has its own bounds: past them the
// page links to the two versions instead of comparing them.
const (
	maxDiffBytes     = 512 << 10 // both texts together
	maxDiffLines     = 20_000    // both texts together
	maxWordLineBytes = 4 << 10   // longer changed lines are shown whole
	maxWordPairs     = 500       // changed line pairs refined to words, per diff
	diffContext      = 3         // unchanged lines kept around each change
	// diffTimeout stops Myers' search on pathological input; the diff
	// found so far is still correct, only not minimal.
	diffTimeout = 250 * time.Millisecond
)

// revisionDiff is the change from one version of a post to the next.
type revisionDiff struct {
	Lines    []diffLine
	TooLarge bool // over the budget: not computed
}

// diffLine is one line of a diff. A changed line that pairs with one on
// the other side carries Parts: its words, with the changed ones marked.
type diffLine struct {
	Op    string // "same", "add", "del", or "skip" for Count unchanged lines not shown
	Text  string
	Count int
	Parts []diffPart
}

type diffPart struct {
	Text    string
	Changed bool
}

// size estimates the memory a diff holds, for the diff cache's bound.
func (d *revisionDiff) size() int {
	n := 64
	for _, l := range d.Lines {
		n += 64 + len(l.Text)
		for _, p := range l.Parts {
			n += 24 + len(p.Text)
		}
	}
	return n
}

// computeDiff compares two versions line by line with Myers' algorithm
// (linear space; github.com/sergi/go-diff), refines changed lines to
// words, and keeps only a few unchanged lines around each change.
func computeDiff(a, b string) *revisionDiff {
	if len(a)+len(b) > maxDiffBytes || strings.Count(a, "\n")+strings.Count(b, "\n") > maxDiffLines {
		return &revisionDiff{TooLarge: true}
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = diffTimeout
	// Every line ends in a newline, so a last line without one still
	// equals the same line followed by more.
	ra, rb, lineArray := dmp.DiffLinesToRunes(a+"\n", b+"\n")
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), lineArray)
	var lines []diffLine
	for _, d := range diffs {
		op := "same"
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = "add"
		case diffmatchpatch.DiffDelete:
			op = "del"
		}
		for _, l := range strings.Split(strings.TrimSuffix(d.Text, "\n"), "\n") {
			lines = append(lines, diffLine{Op: op, Text: l})
		}
	}
	refineWords(dmp, lines)
	return &revisionDiff{Lines: collapse(lines, diffContext)}
}

// refineWords pairs each run of removed lines with the run of added lines
// after it, line by line, and marks the words that changed within each
// pair, so a one-word fix in a long paragraph shows as that word.
func refineWords(dmp *diffmatchpatch.DiffMatchPatch, lines []diffLine) {
	pairs := 0
	for i := 0; i < len(lines); {
		if lines[i].Op != "del" {
			i++
			continue
		}
		d := i
		for i < len(lines) && lines[i].Op == "del" {
			i++
		}
		a := i
		for i < len(lines) && lines[i].Op == "add" {
			i++
		}
		for k := 0; d+k < a && a+k < i && pairs < maxWordPairs; k++ {
			del, add := &lines[d+k], &lines[a+k]
			if len(del.Text) > maxWordLineBytes || len(add.Text) > maxWordLineBytes {
				continue
			}
			pairs++
			del.Parts, add.Parts = wordParts(dmp, del.Text, add.Text)
		}
	}
}

// wordParts diffs two lines word by word. It returns nil parts when the
// lines have too little in common for marked words to help.
func wordParts(dmp *diffmatchpatch.DiffMatchPatch, a, b string) (delParts, addParts []diffPart) {
	ta, tb := tokenize(a), tokenize(b)
	index := map[string]rune{}
	var tokens []string
	encode := func(ts []string) []rune {
		out := make([]rune, len(ts))
		for i, t := range ts {
			r, ok := index[t]
			if !ok {
				r = tokenRune(len(tokens))
				index[t] = r
				tokens = append(tokens, t)
			}
			out[i] = r
		}
		return out
	}
	ra, rb := encode(ta), encode(tb)
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))
	same := 0
	for _, d := range diffs {
		var text strings.Builder
		for _, r := range d.Text {
			text.WriteString(tokens[runeToken(r)])
		}
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			same += text.Len()
			delParts = appendPart(delParts, text.String(), false)
			addParts = appendPart(addParts, text.String(), false)
		case diffmatchpatch.DiffDelete:
			delParts = appendPart(delParts, text.String(), true)
		case diffmatchpatch.DiffInsert:
			addParts = appendPart(addParts, text.String(), true)
		}
	}
	if 3*same < max(len(a), len(b)) {
		return nil, nil // mostly rewritten: show the lines whole
	}
	return delParts, addParts
}

func appendPart(parts []diffPart, text string, changed bool) []diffPart {
	if n := len(parts); n > 0 && parts[n-1].Changed == changed {
		parts[n-1].Text += text
		return parts
	}
	return append(parts, diffPart{Text: text, Changed: changed})
}

// tokenRune and runeToken map token numbers to runes that survive a round
// trip through a Go string (no surrogates), as the diff library needs.
func tokenRune(i int) rune {
	if i >= 0xD800 {
		i += 0x800
	}
	return rune(i)
}

func runeToken(r rune) int {
	if r >= 0xE000 {
		return int(r) - 0x800
	}
	return int(r)
}

// tokenize splits a line into words (letters and digits), runs of spaces
// and single other characters, so punctuation changes stay small.
func tokenize(s string) []string {
	var out []string
	start, kind := 0, 0
	for i, r := range s {
		k := 3 // other
		switch {
		case r == ' ' || r == '\t':
			k = 1
		case r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= 0x80:
			k = 2
		}
		if i > start && (k != kind || k == 3) {
			out = append(out, s[start:i])
			start = i
		}
		kind = k
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// collapse keeps context unchanged lines around each change and folds the
// rest into "skip" lines, so a one-line edit of a long post shows a few
// lines, not the whole post.
func collapse(lines []diffLine, context int) []diffLine {
	keep := make([]bool, len(lines))
	for i, l := range lines {
		if l.Op == "same" {
			continue
		}
		for j := max(0, i-context); j <= min(len(lines)-1, i+context); j++ {
			keep[j] = true
		}
	}
	var out []diffLine
	for i := 0; i < len(lines); {
		if keep[i] {
			out = append(out, lines[i])
			i++
			continue
		}
		j := i
		for j < len(lines) && !keep[j] {
			j++
		}
		out = append(out, diffLine{Op: "skip", Count: j - i})
		i = j
	}
	return out
}
