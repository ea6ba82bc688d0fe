package markup

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// Chroma's lexers are regular expressions run by a backtracking engine, and
// many of them rescan a run of "word" characters and whitespace from every
// position in it: C, C++, Objective-C, Java, D and about twenty more try a
// function-declaration rule like `(?:[\w*\s])+?…\(` at each token, so a run
// of n such bytes costs n² (16,000 blank lines of C took 2 min 52 s).
// Other lexers are super-linear in the length of one line. Measured on
// every lexer a fence can name (docs/ARCHITECTURE.md, "Render budget"),
// three rules bound the cost per highlighted byte for all of them:
//
//   - runs of blank lines are lexed as one blank line, and the removed
//     lines are put back into the output unchanged;
//   - a block with a line longer than maxHighlightLine is written plainly;
//   - a block with a run of more than maxWordRun word, space or '*' bytes
//     (after collapsing blank lines) is written plainly.
//
// Lexers still too slow on some shape within these rules have a smaller
// size cap of their own (lexerByteCaps).
const (
	maxHighlightLine = 1000
	maxWordRun       = 256
)

// highlightable reports whether code has a shape every lexer handles in
// time linear in its size (given the rules above); lexText is code with
// its blank-line runs collapsed.
func highlightable(lexText string) bool {
	run, line := 0, 0
	for i := 0; i < len(lexText); i++ {
		c := lexText[i]
		if c == '\n' {
			line = 0
		} else if line++; line > maxHighlightLine {
			return false
		}
		if isWordRunByte(c) {
			if run++; run > maxWordRun {
				return false
			}
		} else {
			run = 0
		}
	}
	return true
}

func isWordRunByte(c byte) bool {
	return c == '_' || c == '*' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
		'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// gap is text removed before lexing, to be put back at offset at of the
// lexed text.
type gap struct {
	at   int
	text string
}

// collapseBlankRuns keeps the first line of each run of blank lines (lines
// of only whitespace) and returns the rest as gaps.
func collapseBlankRuns(code string) (string, []gap) {
	var sb strings.Builder
	var gaps []gap
	inRun := false
	runStart := 0
	pos := 0
	for line := range strings.Lines(code) {
		blank := strings.TrimSpace(line) == ""
		switch {
		case blank && !inRun:
			inRun, runStart = true, pos+len(line)
			sb.WriteString(line)
		case blank && inRun:
			// dropped; accounted for when the run ends
		default:
			if inRun && pos > runStart {
				gaps = append(gaps, gap{at: sb.Len(), text: code[runStart:pos]})
			}
			inRun = false
			sb.WriteString(line)
		}
		pos += len(line)
	}
	if inRun && pos > runStart {
		gaps = append(gaps, gap{at: sb.Len(), text: code[runStart:pos]})
	}
	if len(gaps) == 0 {
		return code, nil
	}
	return sb.String(), gaps
}

// withGaps puts the removed blank lines back into a token stream over the
// collapsed text, splitting a token where a gap falls inside it.
func withGaps(it chroma.Iterator, gaps []gap) chroma.Iterator {
	if len(gaps) == 0 {
		return it
	}
	pos := 0
	var pending []chroma.Token
	return func() chroma.Token {
		for {
			if len(pending) > 0 {
				t := pending[0]
				pending = pending[1:]
				return t
			}
			t := it()
			if t == chroma.EOF {
				if len(gaps) > 0 { // a gap at the very end
					g := gaps[0]
					gaps = gaps[1:]
					return chroma.Token{Type: chroma.Text, Value: g.text}
				}
				return t
			}
			for len(gaps) > 0 && gaps[0].at <= pos+len(t.Value) {
				g := gaps[0]
				gaps = gaps[1:]
				cut := g.at - pos
				if cut > 0 {
					pending = append(pending, chroma.Token{Type: t.Type, Value: t.Value[:cut]})
				}
				pending = append(pending, chroma.Token{Type: chroma.Text, Value: g.text})
				t.Value = t.Value[cut:]
				pos += cut
			}
			pos += len(t.Value)
			if t.Value != "" {
				pending = append(pending, t)
			}
		}
	}
}
