package markup

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// tableBomb is the reported table amplification: a 1,000-column header and
// 8,000 one-cell rows, 20 KB of Markdown that rendered to 88 MB of HTML.
func tableBomb() string {
	var sb strings.Builder
	sb.WriteString(strings.Repeat("|a", 1000) + "|\n")
	sb.WriteString(strings.Repeat("|-", 1000) + "|\n")
	for range 8000 {
		sb.WriteString("x\n")
	}
	return sb.String()
}

// blankLinesC is the reported quadratic highlighting: 16,000 blank lines in
// a C fence, which took 2 min 52 s to highlight.
func blankLinesC() string {
	return "```c\nint x;\n" + strings.Repeat("\n", 16000) + "int y;\n```\n"
}

// workBound is the most node visits a render may make for a source of n
// bytes: a small constant per byte (every node is made of at least one
// source byte except the cells the table caps allow) plus the padded-cell
// allowance, over at most two passes.
func workBound(n int) int { return 2 * (8*n + 4*tableCellSlack + 4096) }

func TestTableBombIsBounded(t *testing.T) {
	src := tableBomb()
	out, st, err := newUntimedRenderer().render(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) > outputBound(len(src)) {
		t.Fatalf("%d bytes of HTML from %d of source, bound %d", len(out), len(src), outputBound(len(src)))
	}
	if st.steps > workBound(len(src)) {
		t.Fatalf("%d node visits, bound %d", st.steps, workBound(len(src)))
	}
	if strings.Contains(out, "<table>") {
		t.Fatalf("a table over the column cap was built")
	}
	if !strings.Contains(out, "|a|a|a") {
		t.Fatalf("refused table not shown as typed: %.200s", out)
	}
}

func TestBlankLinesCIsBounded(t *testing.T) {
	src := blankLinesC()
	out, st, err := newUntimedRenderer().render(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	// The lexer sees the blank-line run as one line, and the lines are
	// all back in the output.
	if st.lexed > 64 {
		t.Fatalf("lexers were handed %d bytes, want the collapsed text only", st.lexed)
	}
	if !strings.Contains(out, `<pre class="chroma"><code class="language-c">`) {
		t.Fatalf("block not highlighted: %.200s", out)
	}
	if got := strings.Count(out, "\n"); got < 16000 {
		t.Fatalf("%d newlines in the output, want the 16,000 blank lines kept", got)
	}
	if got, want := codeText(t, out), "int x;\n"+strings.Repeat("\n", 16000)+"int y;\n"; got != want {
		t.Fatalf("highlighted text differs from the code (len %d, want %d)", len(got), len(want))
	}
}

func TestTableCaps(t *testing.T) {
	r := newUntimedRenderer()
	table := func(cols, rows int, cell string) string {
		var sb strings.Builder
		sb.WriteString(strings.Repeat("|h", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n")
		for range rows {
			sb.WriteString(strings.Repeat("|"+cell, cols) + "|\n")
		}
		return sb.String()
	}
	tests := []struct {
		name  string
		src   string
		table bool
	}{
		{"64 columns", table(64, 10, "x"), true},
		{"65 columns", table(65, 10, "x"), false},
		{"dense 20x500", table(20, 500, "ab"), true},
		{"padding within the allowance", strings.Repeat("|h", 40) + "|\n" + strings.Repeat("|-", 40) + "|\n" + strings.Repeat("x\n", 100), true},
		{"padding past the allowance", strings.Repeat("|h", 60) + "|\n" + strings.Repeat("|-", 60) + "|\n" + strings.Repeat("x\n", 200), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := r.Render(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(out, "<table>"); got != tt.table {
				t.Fatalf("table built = %v, want %v: %.200s", got, tt.table, out)
			}
		})
	}
}

func TestTableAllowanceIsPerPost(t *testing.T) {
	// Each table pads 60 × 49 cells; alone each fits the allowance, but
	// the post's tables share it.
	one := strings.Repeat("|h", 60) + "|\n" + strings.Repeat("|-", 60) + "|\n" + strings.Repeat("x\n", 49) + "\n"
	out, err := newUntimedRenderer().Render(strings.Repeat(one, 3))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out, "<table>"); got != 1 {
		t.Fatalf("%d tables built, want 1 (the allowance covers one)", got)
	}
}

func TestReferenceLinkReuseIsBounded(t *testing.T) {
	def := "[a]: https://example.com/" + strings.Repeat("p", 1000) + "\n\n"
	src := def + strings.Repeat(strings.Repeat("[a] ", 20)+"\n\n", 750)
	out, st, err := newUntimedRenderer().render(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	links := strings.Count(out, "<a ")
	if links == 0 || links >= 15000 {
		t.Fatalf("%d links rendered, want some but not all 15,000", links)
	}
	if st.literal || len(out) > outputBound(len(src)) {
		t.Fatalf("literal=%v, %d bytes (bound %d)", st.literal, len(out), outputBound(len(src)))
	}
	if !strings.Contains(out, "<p>a a a") {
		t.Fatalf("links past the budget not shown as text")
	}
}

func TestOutputBoundFallsBack(t *testing.T) {
	r := newUntimedRenderer()
	// Nested block quotes write 26 bytes per '>' of source: over the
	// bound, so the post is shown as escaped text.
	quotes := strings.Repeat(strings.Repeat(">", 100)+"\n\n", 300)
	out, st, err := r.render(context.Background(), quotes)
	if err != nil {
		t.Fatal(err)
	}
	if !st.literal || !strings.HasPrefix(out, "<pre><code>&gt;&gt;") || len(out) > outputBound(len(quotes)) {
		t.Fatalf("literal=%v, %d bytes: %.100s", st.literal, len(out), out)
	}
}

func TestHighlightDeadline(t *testing.T) {
	r := New()
	clock := &tickingClock{t: time.Unix(0, 0), step: time.Millisecond}
	r.now = clock.now
	r.budget = 20 * time.Millisecond
	small := "```go\nx := 1\n```\n\n"
	big := "```go\n" + strings.Repeat("x := f(1)\n", 500) + "```\n\n"
	// The deadline is read once at the start, once per block and once
	// every paceEvery tokens: the small block fits, the big one runs out
	// of time part way and is written plainly, and so is every later one.
	out, st, err := r.render(context.Background(), small+big+small)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out, `<pre class="chroma">`); got != 1 {
		t.Fatalf("%d blocks highlighted, want 1", got)
	}
	if !strings.HasSuffix(strings.TrimSpace(out), `<pre><code class="language-go">x := 1
</code></pre>`) {
		t.Fatalf("the block after the deadline was not written plainly: %s", out[len(out)-200:])
	}
	if st.tokens > 20*paceEvery {
		t.Fatalf("%d tokens highlighted after a %d-reading budget", st.tokens, 20)
	}
}

func TestRenderCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New().RenderContext(ctx, "hello"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Cancelled part way: the render stops at the next node.
	ctx, cancel = context.WithCancel(context.Background())
	r := newUntimedRenderer()
	src := strings.Repeat("para *x*\n\n", 2000)
	s := newSink(ctx, outputBound(len(src)), true, time.Now(), r.now)
	doc := r.md.Parser().Parse(textReader(src))
	cancel()
	err := r.md.Renderer().Render(s, []byte(src), doc)
	if !errors.Is(err, context.Canceled) || s.steps > 2 {
		t.Fatalf("err = %v after %d node visits, want context.Canceled at once", err, s.steps)
	}
}

func TestLexerCapsApply(t *testing.T) {
	out, st, err := newUntimedRenderer().render(context.Background(), "```jungle\n{[(x\n)]}\n```\n")
	if err != nil {
		t.Fatal(err)
	}
	if st.lexed != 0 || strings.Contains(out, "chroma") {
		t.Fatalf("a lexer capped at 0 bytes was used (%d bytes lexed): %s", st.lexed, out)
	}
}
