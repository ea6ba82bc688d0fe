package markup

import (
	"bytes"
	"net/url"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer overrides goldmark's HTML output for the node kinds where
// parley's rules differ from CommonMark's defaults.
type nodeRenderer struct {
	code *highlighter
}

func newNodeRenderer() *nodeRenderer {
	return &nodeRenderer{code: newHighlighter()}
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(ast.KindFencedCodeBlock, r.renderFencedCodeBlock)
}

// renderRawHTML shows inline tags such as "<private>" or "<NSError: 0x600>"
// from pasted logs as the literal text the author typed.
func (r *nodeRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := node.(*ast.RawHTML).Segments
	for i := range segs.Len() {
		s := segs.At(i)
		_, _ = w.Write(util.EscapeHTML(s.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

// renderHTMLBlock shows a block of raw HTML (often pasted XML or a log that
// starts with a tag) as an escaped paragraph that keeps its line breaks.
func (r *nodeRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.HTMLBlock)
	var lines [][]byte
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		lines = append(lines, seg.Value(src))
	}
	if n.HasClosure() {
		lines = append(lines, n.ClosureLine.Value(src))
	}
	_, _ = w.WriteString("<p>")
	first := true
	for _, l := range lines {
		l = bytes.TrimRight(l, "\r\n")
		if !first {
			_, _ = w.WriteString("<br>\n")
		}
		first = false
		_, _ = w.Write(util.EscapeHTML(l))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

// renderImage emits <img> only for absolute http(s) sources; anything else
// (relative paths, data: URLs) is shown as its alt text so the post still
// reads sensibly.
func (r *nodeRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := nodeText(n, src)
	dest := bytes.TrimSpace(n.Destination)
	if !isWebURL(dest) {
		_, _ = w.Write(util.EscapeHTML(alt))
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<img src="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(dest, true)))
	_, _ = w.WriteString(`" alt="`)
	_, _ = w.Write(util.EscapeHTML(alt))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		// The title's escapes and entities are resolved, then escaped.
		html.DefaultWriter.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	_, _ = w.WriteString(` loading="lazy">`)
	return ast.WalkSkipChildren, nil
}

// renderFencedCodeBlock highlights the block when its info string names a
// known language and writes it plainly otherwise.
func (r *nodeRenderer) renderFencedCodeBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
	var lang []byte
	if n.Info != nil {
		lang = n.Language(src)
	}
	_, plain := n.AttributeString(plainCodeAttr)
	r.code.write(w, string(lang), code.String(), !plain)
	return ast.WalkSkipChildren, nil
}

// isWebURL reports whether dest is an absolute http(s) URL with a host.
func isWebURL(dest []byte) bool {
	if !hasPrefixFold(dest, "http://") && !hasPrefixFold(dest, "https://") {
		return false
	}
	u, err := url.Parse(string(dest))
	return err == nil && u.Host != ""
}
