package markup

import (
	"flag"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// measureLexers turns on TestMeasureLexers, which times every lexer a fence
// can name on the input shapes that make regex lexers backtrack. It prints a
// table and asserts nothing: timings belong in a measurement, not in a unit
// test. Run it with
//
//	go test ./internal/markup -run TestMeasureLexers -lexers.measure -v
var measureLexers = flag.Bool("lexers.measure", false, "time every chroma lexer on backtracking input shapes")

// lexerShapes builds inputs of about n bytes of the shapes measured.
var lexerShapes = map[string]func(n int) string{
	"blank lines": func(n int) string { return "x\n" + strings.Repeat("\n", n) },
	"long line":   func(n int) string { return strings.Repeat("ab cd ", n/6) + "\n" },
	"nested":      func(n int) string { return strings.Repeat("{[(", n/6) + strings.Repeat(")]}", n/6) + "\n" },
}

func TestMeasureLexers(t *testing.T) {
	if !*measureLexers {
		t.Skip("measurement only; pass -lexers.measure")
	}
	const small, large = 2 << 10, 8 << 10
	var names []string
	for name := range lexerShapes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		cfg := l.Config()
		row := []string{cfg.Name}
		for _, shape := range names {
			row = append(row, fmt.Sprintf("%s=%s", shape, lexerGrowth(t, l, lexerShapes[shape], small, large)))
		}
		fmt.Println(strings.Join(row, "\t"))
	}
}

// lexerGrowth times l on a small and a large input and reports both times
// and the growth exponent (1 is linear, 2 quadratic). A lexer already slow on
// the small input is not run on the large one.
func lexerGrowth(t *testing.T, l chroma.Lexer, shape func(int) string, small, large int) string {
	ts := timeLexer(t, l, shape(small), 3)
	if ts > 200*time.Millisecond {
		return fmt.Sprintf("%v/skip/k=?", ts.Round(time.Millisecond))
	}
	tl := timeLexer(t, l, shape(large), 1)
	k := math.Log(float64(tl)/float64(ts)) / math.Log(float64(large)/float64(small))
	return fmt.Sprintf("%v/%v/k=%.1f", ts.Round(10*time.Microsecond), tl.Round(10*time.Microsecond), k)
}

func timeLexer(t *testing.T, l chroma.Lexer, src string, runs int) time.Duration {
	best := time.Duration(math.MaxInt64)
	for range runs {
		start := time.Now()
		it, err := l.Tokenise(nil, src)
		if err != nil {
			return 0
		}
		for tok := it(); tok != chroma.EOF; tok = it() {
		}
		best = min(best, time.Since(start))
	}
	return best
}
