package markup

import (
	"strings"

	"github.com/yuin/goldmark/util"
)

// goldmark's parser is quadratic in the length of a single line for a few
// constructs: many link openers ("[a](" repeated) or containers nested
// hundreds deep ("> > > ..." or "1. 1. 1. ...") on one line. A 100 KB line
// of either takes seconds. Real posts never come close, so instead of
// limiting what people may paste, a post whose estimated parsing cost is
// absurd is shown as preformatted text without Markdown processing.

// maxParseCost bounds the estimate computed by parseCost. At the measured
// rate of about a nanosecond per unit this keeps the worst case near 30 ms.
const maxParseCost = 32 << 20

// Link openers are also quadratic across the lines of one paragraph: each
// "[" that does not close into a link is looked at again for every later
// one, about a quarter of a nanosecond per byte of the paragraph per "[".
// 60 KB of "[a]" lines (no definitions) took 0.2 s, 120 KB 0.9 s. The cost
// of a run of lines not broken by a blank line is estimated as its length
// times its "[" count, and bounded by maxParagraphCost (about 30 ms).
// Lines in code fences are counted too: telling them apart would need the
// parser the guard protects, and a 30 KB block needs some 4,000 "[" before
// its post is shown literally.
const maxParagraphCost = 128 << 20

// tooCostlyToParse reports whether src must be shown literally because
// parsing it would take too long.
func tooCostlyToParse(src string) bool {
	return parseCost(src) > maxParseCost || paragraphCost(src) > maxParagraphCost
}

// paragraphCost is the largest length × "[" count over the runs of
// non-blank lines in src.
func paragraphCost(src string) int {
	worst, size, opens := 0, 0, 0
	for line := range strings.Lines(src) {
		if strings.TrimSpace(line) == "" {
			size, opens = 0, 0
			continue
		}
		size += len(line)
		opens += strings.Count(line, "[")
		worst = max(worst, size*opens)
	}
	return worst
}

// parseCost estimates goldmark's superlinear work: for each line, its length
// times the number of link openers and leading nested containers on it.
func parseCost(src string) int {
	cost := 0
	for line := range strings.Lines(src) {
		k := strings.Count(line, "[") + containerDepth(line)
		cost += len(line) * k
		if cost > maxParseCost {
			return cost
		}
	}
	return cost
}

// containerDepth counts the block quote and list markers that open a line,
// i.e. how deeply its content is nested.
func containerDepth(line string) int {
	depth, i := 0, 0
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		switch {
		case i < len(line) && line[i] == '>':
			i++
		case i+1 < len(line) && strings.IndexByte("-+*", line[i]) >= 0 && line[i+1] == ' ':
			i += 2
		default:
			j := i
			for j < len(line) && j-i < 9 && isDigit(line[j]) {
				j++
			}
			if j == i || j+1 >= len(line) || (line[j] != '.' && line[j] != ')') || line[j+1] != ' ' {
				return depth
			}
			i = j + 2
		}
		depth++
	}
}

// literalHTML is the fallback rendering for posts too costly to parse: the
// source as escaped preformatted text.
func literalHTML(src string) string {
	return "<pre><code>" + string(util.EscapeHTML([]byte(src))) + "</code></pre>\n"
}
