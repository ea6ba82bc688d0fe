package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

func longText(lines int, change func(i int) string) string {
	out := make([]string, lines)
	for i := range out {
		out[i] = fmt.Sprintf("Line %d of the long post explains one step of the setup.", i)
		if change != nil {
			if s := change(i); s != "" {
				out[i] = s
			}
		}
	}
	return strings.Join(out, "\n")
}

// render gives a diff as compact text: "=" same, "-" removed, "+" added,
// "~N" N lines skipped; changed words in [brackets].
func renderDiff(d *revisionDiff) string {
	var b strings.Builder
	for _, l := range d.Lines {
		switch l.Op {
		case "skip":
			fmt.Fprintf(&b, "~%d\n", l.Count)
			continue
		case "same":
			b.WriteString("=")
		case "add":
			b.WriteString("+")
		case "del":
			b.WriteString("-")
		}
		if l.Parts == nil {
			b.WriteString(l.Text)
		}
		for _, p := range l.Parts {
			if p.Changed {
				b.WriteString("[" + p.Text + "]")
			} else {
				b.WriteString(p.Text)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestComputeDiff(t *testing.T) {
	cases := []struct{ name, a, b, want string }{
		{"one word in a paragraph", "Intro.\nThe quick brown fox jumps over the lazy dog.\nOutro.",
			"Intro.\nThe quick red fox jumps over the lazy dog.\nOutro.",
			"=Intro.\n-The quick [brown] fox jumps over the lazy dog.\n+The quick [red] fox jumps over the lazy dog.\n=Outro.\n"},
		{"line added at the end without a newline", "a\nb", "a\nb\nc", "=a\n=b\n+c\n"},
		{"trailing newline only", "a\nb", "a\nb\n", "=a\n=b\n+\n"},
		{"rewritten line is shown whole", "alpha beta gamma", "something else entirely different", "-alpha beta gamma\n+something else entirely different\n"},
		{"removed line", "a\nb\nc", "a\nc", "=a\n-b\n=c\n"},
		{"identical (a title-only edit)", "a\nb", "a\nb", "~2\n"},
		{"punctuation", "Use foo(), then bar.", "Use foo(x), then bar!", "-Use foo(), then bar[.]\n+Use foo([x]), then bar[!]\n"},
	}
	for _, c := range cases {
		if got := renderDiff(computeDiff(c.a, c.b)); got != c.want {
			t.Errorf("%s:\ngot\n%s\nwant\n%s", c.name, got, c.want)
		}
	}
}

// TestDiffOfLongPostShowsOnlyTheChange: one changed line of a 2,000-line
// post is shown with three lines of context each side; the rest folds.
func TestDiffOfLongPostShowsOnlyTheChange(t *testing.T) {
	a := longText(2000, nil)
	b := longText(2000, func(i int) string {
		if i == 1000 {
			return "Line 1000 of the long post explains one step of the teardown."
		}
		return ""
	})
	d := computeDiff(a, b)
	got := renderDiff(d)
	if !strings.HasPrefix(got, "~997\n=Line 997") || !strings.Contains(got, "[setup]") || !strings.Contains(got, "[teardown]") || !strings.HasSuffix(got, "=Line 1003 of the long post explains one step of the setup.\n~996\n") {
		t.Errorf("diff of one line in 2,000:\n%s", got)
	}
	if len(d.Lines) != 10 {
		t.Errorf("%d lines shown, want 10", len(d.Lines))
	}
}

// TestDiffBudget: past the byte or line budget the diff is not computed.
func TestDiffBudget(t *testing.T) {
	big := strings.Repeat("x", maxDiffBytes/2+1)
	if d := computeDiff(big, big+"y"); !d.TooLarge || d.Lines != nil {
		t.Error("a diff over the byte budget was computed")
	}
	many := strings.Repeat("\n", maxDiffLines/2+1)
	if d := computeDiff(many, many+"y"); !d.TooLarge {
		t.Error("a diff over the line budget was computed")
	}
	if d := computeDiff("a", "b"); d.TooLarge {
		t.Error("a small diff was refused")
	}
}

// TestDiffCache: a pair of versions is diffed once; a version rewritten in
// place (redacted) gets a new diff; the cache stays within its bytes.
func TestDiffCache(t *testing.T) {
	w := &Web{diffs: newDiffCache(1 << 20)}
	revs := []forum.Revision{{PostID: 1, Number: 1, BodySource: "token abc123"}, {PostID: 1, Number: 2, BodySource: "token abc123 and more"}}
	first := w.revisionView(&revs[1], &revs[0], 2).Diff
	if again := w.revisionView(&revs[1], &revs[0], 2).Diff; again != first {
		t.Error("the same pair was diffed again")
	}
	revs[0].BodySource, revs[1].BodySource = "token [redacted]", "token [redacted] and more"
	if d := renderDiff(w.revisionView(&revs[1], &revs[0], 2).Diff); strings.Contains(d, "abc123") {
		t.Errorf("a redacted version still shows its old diff: %s", d)
	}
	for i := 0; i < 300; i++ {
		a, b := longText(20, nil), longText(20, func(j int) string { return fmt.Sprint("changed ", i, j) })
		w.diffs.put(fmt.Sprint("k", i), computeDiff(a, b)) // about 10 KiB each
	}
	if w.diffs.bytes > 1<<20 || w.diffs.len() == 0 {
		t.Errorf("cache holds %d bytes in %d entries, bound %d", w.diffs.bytes, w.diffs.len(), 1<<20)
	}
}
