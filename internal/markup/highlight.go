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
	if allowed {
		if spans, ok := h.highlight(lang, code); ok {
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
// unknown, the block is too large, or the lexer fails.
func (h *highlighter) highlight(lang, code string) ([]byte, bool) {
	if lang == "" || len(code) > maxHighlightBytes || !langPattern.MatchString(lang) {
		return nil, false
	}
	lexer := lexers.Get(lang)
	if lexer == nil {
		return nil, false
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return nil, false
	}
	var buf bytes.Buffer
	buf.Grow(len(code) * 3)
	if err := h.formatter.Format(&buf, h.style, it); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}
