package markup

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// PostBodyClass is the class of the element that wraps rendered posts. The
// highlighting CSS is scoped under it so token classes such as ".k" cannot
// restyle anything else on the page.
const PostBodyClass = "post-body"

const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// HighlightCSS returns the stylesheet for highlighted code: a light theme,
// then a dark theme that applies when the reader's system prefers it. Every
// selector is scoped under "."+PostBodyClass.
func HighlightCSS() string {
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithCSSComments(false))
	var b strings.Builder
	b.WriteString("/* Code highlighting for post bodies. */\n")
	writeScopedCSS(&b, f, styles.Get(lightStyle), "")
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	writeScopedCSS(&b, f, styles.Get(darkStyle), "  ")
	b.WriteString("}\n")
	return b.String()
}

// writeScopedCSS writes the rules of one chroma style with each selector
// prefixed by the post container. chroma writes one single-selector rule per
// line, which is what makes the line-wise prefixing sound.
func writeScopedCSS(b *strings.Builder, f *chromahtml.Formatter, style *chroma.Style, indent string) {
	var raw strings.Builder
	// Writing to a strings.Builder cannot fail.
	_ = f.WriteCSS(&raw, style)
	for line := range strings.Lines(raw.String()) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		b.WriteString(indent)
		b.WriteString("." + PostBodyClass + " ")
		b.WriteString(line)
		b.WriteByte('\n')
	}
}
