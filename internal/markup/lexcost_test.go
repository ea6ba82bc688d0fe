package markup

import (
	"context"
	"flag"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// measureLexers turns on TestMeasureLexers, which times every lexer a fence
// can name on the input shapes that make regex lexers backtrack, first
// tokenising the raw block (as highlighting did before the shape rules) and
// then through highlight (blank-line runs collapsed, shape rules, per-lexer
// caps). It prints a table and asserts nothing: timings belong in a
// measurement, not in a unit test. Run it with
//
//	go test ./internal/markup -run TestMeasureLexers -lexers.measure -v -timeout 1h
//
// Columns: lexer, then per shape "small/large/k" where k is the growth
// exponent between the two sizes (1 linear, 2 quadratic); ">" marks a run
// stopped at measureCap.
var measureLexers = flag.Bool("lexers.measure", false, "time every chroma lexer on backtracking input shapes")

// measureFrom resumes a measurement at the lexer of that name.
var measureFrom = flag.String("lexers.from", "", "start the lexer measurement at this lexer name")

const measureCap = 2 * time.Second

// lexerShapes builds blocks of about n bytes of the shapes measured.
var lexerShapes = []struct {
	name string
	make func(n int) string
}{
	{"blank", func(n int) string { return "x\n" + strings.Repeat("\n", n) }},
	{"longline", func(n int) string { return strings.Repeat("ab cd ", n/6) + "\n" }},
	{"nested", func(n int) string { return strings.Repeat("{[(", n/6) + strings.Repeat(")]}", n/6) + "\n" }},
	// Within the shape rules: lines at the length cap, word runs just under
	// the run cap, and nesting spread over many lines.
	{"punctlines", func(n int) string {
		return strings.Repeat(strings.Repeat("a(b, c) + d[e]; ", 61)+"\n", max(n/977, 1))
	}},
	{"wordruns", func(n int) string { return strings.Repeat(strings.Repeat("ab ", 80)+";\n", max(n/242, 1)) }},
	{"nestlines", func(n int) string {
		return strings.Repeat("{[(x\n", n/10) + strings.Repeat(")]}\n", n/10)
	}},
}

func TestMeasureLexers(t *testing.T) {
	if !*measureLexers {
		t.Skip("measurement only; pass -lexers.measure")
	}
	h := newHighlighter()
	raw := func(l chroma.Lexer) func(string) { return func(src string) { drain(l, src) } }
	guarded := func(name string) func(string) {
		return func(src string) {
			s := newSink(context.Background(), 1<<30, true, time.Now().Add(measureCap), time.Now)
			h.highlight(s, name, src)
		}
	}
	started := *measureFrom == ""
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		cfg := l.Config()
		if started = started || cfg.Name == *measureFrom; !started {
			continue
		}
		name := cfg.Name
		if len(cfg.Aliases) > 0 {
			name = cfg.Aliases[0]
		}
		if lexers.Get(name) != l {
			continue // not reachable by that word; measured under another
		}
		before, after := []string{}, []string{}
		for _, shape := range lexerShapes[:3] {
			before = append(before, shape.name+"="+growth(raw(l), shape.make, 2<<10, 8<<10))
		}
		for _, shape := range lexerShapes {
			after = append(after, shape.name+"="+growth(guarded(name), shape.make, 8<<10, 32<<10))
		}
		fmt.Printf("%s\tbefore: %s\tafter: %s\n", cfg.Name, strings.Join(before, " "), strings.Join(after, " "))
	}
}

// growth times f on a small and a large input and reports both and the
// growth exponent. An input slow at the small size is not run large.
func growth(f func(string), shape func(int) string, small, large int) string {
	ts := timeRun(f, shape(small))
	if ts >= measureCap/4 {
		return fmt.Sprintf("%s/-/?", fmtDur(ts))
	}
	tl := timeRun(f, shape(large))
	k := math.Log(float64(tl)/float64(max(ts, time.Microsecond))) / math.Log(float64(large)/float64(small))
	return fmt.Sprintf("%s/%s/%.1f", fmtDur(ts), fmtDur(tl), k)
}

func timeRun(f func(string), src string) time.Duration {
	start := time.Now()
	f(src)
	return time.Since(start)
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= measureCap:
		return ">" + measureCap.String()
	case d >= time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%dµs", d.Microseconds())
}

// drain tokenises src with l, giving up at measureCap.
func drain(l chroma.Lexer, src string) {
	it, err := l.Tokenise(nil, src)
	if err != nil {
		return
	}
	start := time.Now()
	for tok := it(); tok != chroma.EOF; tok = it() {
		if time.Since(start) > measureCap {
			return
		}
	}
}
