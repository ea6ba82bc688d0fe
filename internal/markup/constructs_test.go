package markup

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"
)

// constructs are Markdown shapes that could amplify output or parsing work,
// each repeated to about n bytes: the class the table and link findings
// belong to.
var constructs = []struct {
	name string
	make func(n int) string
}{
	{"nested lists by indent", func(n int) string {
		var sb strings.Builder
		for i := 0; sb.Len() < n; i++ {
			sb.WriteString(strings.Repeat("  ", i%200) + "- x\n")
		}
		return sb.String()
	}},
	{"nested quotes per line", rep(strings.Repeat(">", 100) + " x\n\n")},
	{"list markers per line", rep(strings.Repeat("- ", 40) + "x\n")},
	{"emphasis openers", rep("*a ")},
	{"strong openers", rep("**a ")},
	{"mixed delimiters", rep("*a _b **c __d ")},
	{"delimiter run", rep("*")},
	{"backtick runs", func(n int) string {
		var sb strings.Builder
		for i := 1; sb.Len() < n; i++ {
			sb.WriteString(strings.Repeat("`", i%50+1) + "a")
		}
		return sb.String()
	}},
	{"unclosed autolinks", rep("<http://a ")},
	{"linkify urls", rep("www.a.co ")},
	{"linkify emails", rep("a@b.co ")},
	{"entities", rep("&ThickSpace;&#x10FFFF;")},
	{"link openers per line", rep("[a](\n")},
	{"image openers per line", rep("![a](\n")},
	{"reference definitions and uses", func(n int) string {
		var sb strings.Builder
		for i := 0; sb.Len() < n/2; i++ {
			fmt.Fprintf(&sb, "[r%d]: https://e.com/%s\n", i, strings.Repeat("p", 200))
		}
		sb.WriteString("\n")
		for i := 0; sb.Len() < n; i++ {
			fmt.Fprintf(&sb, "[r%d] ", i%50)
		}
		return sb.String()
	}},
	{"raw html openers", rep("<a b=")},
	{"html comments", rep("<!-- a ")},
	{"headings", rep("#\n")},
	{"hard breaks", rep("a  \n")},
	{"task items", rep("- [ ]\n")},
	{"strikethrough", rep("~~a ")},
	{"pipes", rep("|")},
	{"center-aligned empty cells", func(n int) string {
		return strings.Repeat("|h", 60) + "|\n" + strings.Repeat("|:-:", 60) + "|\n" + rep(strings.Repeat("|", 60)+"\n")(n)
	}},
	{"escapes", rep("\\*")},
	{"quotes and ampersands", rep("\"'&<")},
}

func rep(unit string) func(int) string {
	return func(n int) string { return strings.Repeat(unit, max(n/len(unit), 1)) }
}

// TestConstructsWithinBudget renders every construct at the body limit and
// checks the render budget's bounds through counters, not clocks.
func TestConstructsWithinBudget(t *testing.T) {
	r := newUntimedRenderer()
	const n = 60000
	for _, c := range constructs {
		t.Run(c.name, func(t *testing.T) {
			src := c.make(n)
			out, st, err := r.render(context.Background(), src)
			if err != nil {
				t.Fatal(err)
			}
			checkBudget(t, src, out, st)
		})
	}
}

// checkBudget asserts the render budget on one render.
func checkBudget(t *testing.T, src, out string, st renderStats) {
	t.Helper()
	if len(out) > outputBound(len(src)) {
		t.Fatalf("%d bytes of HTML from %d of source (bound %d)", len(out), len(src), outputBound(len(src)))
	}
	if st.steps > workBound(len(src)) {
		t.Fatalf("%d node visits from %d bytes (bound %d)", st.steps, len(src), workBound(len(src)))
	}
	if st.lexed > st.passes*maxHighlightTotal {
		t.Fatalf("%d bytes lexed in %d passes (bound %d per pass)", st.lexed, st.passes, maxHighlightTotal)
	}
	if p := checkSafeHTML(out); p != "" {
		t.Fatalf("%s\nsrc: %.200q", p, src)
	}
}

var measureConstructs = flag.Bool("constructs.measure", false, "time rendering of every amplifying construct")

// TestMeasureConstructs prints render time, output size and fallback for
// each construct at 15 and 60 thousand bytes. Measurement only:
//
//	go test ./internal/markup -run TestMeasureConstructs -constructs.measure -v
func TestMeasureConstructs(t *testing.T) {
	if !*measureConstructs {
		t.Skip("measurement only; pass -constructs.measure")
	}
	r := New()
	for _, c := range constructs {
		row := c.name
		for _, n := range []int{15000, 60000} {
			src := c.make(n)
			start := time.Now()
			out, st, err := r.render(context.Background(), src)
			if err != nil {
				t.Fatal(err)
			}
			row += fmt.Sprintf("\t%dB: %s out=%.1fx literal=%v", len(src), fmtDur(time.Since(start)), float64(len(out))/float64(len(src)), st.literal)
		}
		fmt.Println(row)
	}
}
