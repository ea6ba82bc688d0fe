package markup

// lexerByteCaps holds, by chroma lexer name, a block size above which that
// lexer is not used at all, for lexers that are too slow even within the
// shape rules of highlight_shape.go. Every lexer was measured
// (TestMeasureLexers; the table is docs/LEXERS.md): within the rules all
// but one grow linearly with the block, and the render's highlighting
// deadline bounds their constant factors, so they need no cap. The
// exception backtracks exponentially: Jungle's rules on nested brackets
// take over two seconds for 256 bytes, so a single token can outlast the
// deadline; it is never used.
var lexerByteCaps = map[string]int{
	"Jungle": 0,
}
