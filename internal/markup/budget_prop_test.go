package markup

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2/lexers"
)

// genPost builds a random post of at most about limit bytes from the
// shapes the render budget must hold for: tables of random shape, fences in
// random languages holding blank lines, long lines and nesting, nested
// containers, long lines and reference links.
func genPost(rng *rand.Rand, langs []string, limit int) string {
	var sb strings.Builder
	for sb.Len() < limit {
		switch rng.IntN(6) {
		case 0: // table
			cols, rows := 1+rng.IntN(120), rng.IntN(400)
			sb.WriteString(strings.Repeat("|h", cols) + "|\n")
			sb.WriteString(strings.Repeat("|"+[]string{"-", ":-", "-:", ":-:"}[rng.IntN(4)], cols) + "|\n")
			for range rows {
				sb.WriteString(strings.Repeat("|"+strings.Repeat("x", rng.IntN(3)), 1+rng.IntN(cols)) + "\n")
			}
		case 1: // fence
			sb.WriteString("```" + langs[rng.IntN(len(langs))] + "\n")
			n := rng.IntN(4000)
			switch rng.IntN(4) {
			case 0:
				sb.WriteString("x\n" + strings.Repeat("\n", n))
			case 1:
				sb.WriteString(strings.Repeat("ab cd ", n/6) + "\n")
			case 2:
				sb.WriteString(strings.Repeat("{[(", n/6) + strings.Repeat(")]}", n/6) + "\n")
			default:
				sb.WriteString(strings.Repeat("f(a, b) * c;\n", n/13))
			}
			sb.WriteString("```\n")
		case 2: // nesting
			depth := rng.IntN(150)
			marker := []string{"> ", "- ", "1. ", "* "}[rng.IntN(4)]
			for range rng.IntN(50) {
				sb.WriteString(strings.Repeat(marker, depth) + "x\n")
			}
		case 3: // long line
			sb.WriteString(strings.Repeat([]string{"a ", "*a ", "[a](", "`", "<a ", "www.a.co "}[rng.IntN(6)], rng.IntN(5000)) + "\n")
		case 4: // reference links
			sb.WriteString("[r]: https://e.com/" + strings.Repeat("p", rng.IntN(2000)) + "\n\n")
			for range rng.IntN(200) {
				sb.WriteString(strings.Repeat("[r] ", 20) + "\n\n")
			}
		default:
			sb.WriteString("plain *words* and `code`\n")
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// TestRenderBudgetProperty renders generated posts up to the body limit
// and asserts the budget's bounds on output size and work (node visits and
// lexed bytes), with a clock that never moves so the result does not depend
// on the machine.
func TestRenderBudgetProperty(t *testing.T) {
	r := newUntimedRenderer()
	langs := lexers.Names(true)
	rng := rand.New(rand.NewPCG(1, 2))
	n := 60
	if testing.Short() {
		n = 15
	}
	for i := range n {
		src := genPost(rng, langs, 1000+rng.IntN(59000))
		out, st, err := r.render(context.Background(), src)
		if err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
		checkBudget(t, src, out, st)
	}
}

// TestEveryLexerWithinShapeRules runs every fence word lexers know through
// highlight on the shapes that made lexers super-linear, and checks that
// each shape is either refused or handed to the lexer collapsed (a
// counter-based check: the lexer never sees the long run).
func TestEveryLexerWithinShapeRules(t *testing.T) {
	h := newHighlighter()
	shapes := map[string]string{
		"blank lines": "x\n" + strings.Repeat("\n", 8000),
		"long line":   strings.Repeat("ab cd ", 2000) + "\n",
		"word run":    strings.Repeat("ab\n", 2000),
	}
	for _, name := range lexers.Names(false) {
		for shape, code := range shapes {
			s := newSink(context.Background(), outputBound(len(code)), true, farFuture, time.Now)
			h.highlight(s, name, code)
			if s.lexed > 64 {
				t.Fatalf("%s, %s: lexer handed %d bytes", name, shape, s.lexed)
			}
		}
	}
}

// farFuture is a deadline no test reaches.
var farFuture = time.Unix(1<<40, 0)
