package markup

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/util"
)

// Highlighting is by far the most expensive part of rendering (lexing a
// kilobyte of Swift takes about two milliseconds), so it is bounded per
// block and per post. Larger blocks, usually pasted logs, are written
// plainly: highlighting them costs more than it is worth and multiplies the
// markup size.
const (
	maxHighlightBytes = 32 << 10
	maxHighlightTotal = 64 << 10
)

// plainCodeAttr marks a fenced block that must not be highlighted. It is set
// by postTransformer; posts cannot set node attributes themselves because
// the attribute syntax extension is not enabled.
const plainCodeAttr = "parley-plain"

// langPattern is what a fenced block's info word may look like to be echoed
// back as a language-* class.
var langPattern = regexp.MustCompile(`^[A-Za-z0-9_+#.-]{1,32}$`)

// highlighter writes fenced code as <pre class="chroma"><code> with one span
// per token, styled only through CSS classes (see HighlightCSS).
type highlighter struct {
	formatter *chromahtml.Formatter
	style     *chroma.Style
}

func newHighlighter() *highlighter {
	return &highlighter{
		// The surrounding <pre><code> is written here so it can carry the
		// language class; chroma then emits only the token spans.
		formatter: chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true)),
		style:     styles.Fallback,
	}
}

// write renders one code block, highlighted if allowed and possible. The
// language is only ever looked up by name, alias or file extension; content
// is never analysed to guess a language.
func (h *highlighter) write(w util.BufWriter, lang, code string, allowed bool) {
	langClass := ""
	if langPattern.MatchString(lang) {
		langClass = ` class="language-` + strings.ToLower(lang) + `"`
	}
	s, _ := w.(*sink)
	if allowed && (s == nil || !s.highlightExpired()) {
		if spans, ok := h.highlight(s, lang, code); ok {
			fmt.Fprintf(w, `<pre class="chroma"><code%s>`, langClass)
			_, _ = w.Write(spans)
			_, _ = io.WriteString(w, "</code></pre>\n")
			return
		}
	}
	fmt.Fprintf(w, `<pre><code%s>`, langClass)
	_, _ = w.Write(util.EscapeHTML([]byte(code)))
	_, _ = io.WriteString(w, "</code></pre>\n")
}

// highlight returns the token spans for code, or false when the language is
// unknown, the block is too large or of a shape the lexers cannot take in
// linear time (highlight_shape.go), the lexer fails, or the render's time for
// highlighting runs out (s may be nil outside a render, e.g. in tests).
func (h *highlighter) highlight(s *sink, lang, code string) ([]byte, bool) {
	if lang == "" || len(code) > maxHighlightBytes || !langPattern.MatchString(lang) {
		return nil, false
	}
	lexer := lexers.Get(lang)
	if lexer == nil {
		return nil, false
	}
	if limit, ok := lexerByteCaps[lexer.Config().Name]; ok && len(code) > limit {
		return nil, false
	}
	lexText, gaps := collapseBlankRuns(code)
	if !highlightable(lexText) {
		return nil, false
	}
	if s != nil {
		s.lexed += len(lexText)
	}
	it, err := lexer.Tokenise(nil, lexText)
	if err != nil {
		return nil, false
	}
	// Paced per token the lexer yields: chroma.Coalesce would merge up to
	// 8 KB of tokens into one and take them all before the clock is read.
	stopped := false
	if s != nil {
		it = s.pace(it, &stopped)
	}
	it = coalesce(withGaps(it, gaps))
	var buf bytes.Buffer
	buf.Grow(len(code) * 3)
	if err := h.formatter.Format(&buf, h.style, it); err != nil || stopped {
		return nil, false
	}
	return buf.Bytes(), true
}

// pace passes tokens through while the render may go on highlighting: every
// paceEvery tokens it checks the context and the deadline, and once either
// has ended it sets *stopped and ends the stream, so the block is written
// plainly (or the render stops, if the context ended).
func (s *sink) pace(it chroma.Iterator, stopped *bool) chroma.Iterator {
	n := 0
	return func() chroma.Token {
		if *stopped {
			return chroma.EOF
		}
		if n++; n%paceEvery == 0 && (s.check() != nil || s.highlightExpired()) {
			*stopped = true
			return chroma.EOF
		}
		s.tokens++
		return it()
	}
}

// paceEvery is how many tokens pass between two looks at the clock: one
// token costs well under a millisecond in every lexer within the shape
// rules, and reading the clock per token would cost more than the check.
const paceEvery = 4

// coalesce merges runs of tokens of one type, as chroma.Coalesce does, so a
// run of punctuation becomes one span rather than one per character.
func coalesce(it chroma.Iterator) chroma.Iterator {
	var prev chroma.Token
	return func() chroma.Token {
		for t := it(); t != chroma.EOF; t = it() {
			switch {
			case t.Value == "":
			case prev == chroma.EOF:
				prev = t
			case prev.Type == t.Type && len(prev.Value) < 8192:
				prev.Value += t.Value
			default:
				out := prev
				prev = t
				return out
			}
		}
		out := prev
		prev = chroma.EOF
		return out
	}
}
