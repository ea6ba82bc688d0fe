package markup

// lexerByteCaps holds, by chroma lexer name, a block size above which that
// lexer is not used at all, for lexers that are too slow even within the
// shape rules of highlight_shape.go. Every lexer was measured
// (TestMeasureLexers; the table is docs/LEXERS.md). The rules remove the
// blank-line, long-line and one-line-nesting classes for all of them;
// within the rules the slower lexers still cost up to a few hundred
// milliseconds per 32 KB block, which the render's highlighting deadline
// (read every few tokens) bounds, so they need no cap. The exception
// backtracks exponentially: Jungle's rules on nested brackets take over two
// seconds for 256 bytes, so a single token can outlast the deadline; it is
// never used.
var lexerByteCaps = map[string]int{
	"Jungle": 0,
}
