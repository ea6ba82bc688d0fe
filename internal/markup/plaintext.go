package markup

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// PlainText returns the whole post as plain text for search indexing: the
// text of paragraphs, headings, list items, table cells and code blocks, with
// all whitespace runs collapsed to single spaces. Markup, link targets and
// image sources are left out; image alt text is kept.
func (r *Renderer) PlainText(src string) string {
	if len(src) > MaxSourceBytes {
		n := MaxSourceBytes
		for n > 0 && !utf8.RuneStart(src[n]) {
			n--
		}
		src = src[:n]
	}
	var tw textWriter
	tw.sb.Grow(len(src))
	b := []byte(src)
	if tooCostlyToParse(src) {
		tw.write(b) // rendered literally, so indexed literally
		return tw.String()
	}
	collectText(&tw, r.md.Parser().Parse(text.NewReader(b)), b)
	return tw.String()
}

// nodeText returns the collapsed text under n, e.g. an image's alt text.
func nodeText(n ast.Node, src []byte) []byte {
	var tw textWriter
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		collectText(&tw, c, src)
	}
	return []byte(tw.String())
}

func collectText(tw *textWriter, root ast.Node, src []byte) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			// Block boundaries separate words even without whitespace.
			tw.space()
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			tw.write(resolveEscapes(n.Value(src)))
			if n.SoftLineBreak() || n.HardLineBreak() {
				tw.space()
			}
		case *ast.CodeSpan:
			// Code is literal: no escapes or entities inside.
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					tw.write(t.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.String:
			tw.write(n.Value)
		case *ast.AutoLink:
			tw.write(n.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			for i := range n.Segments.Len() {
				s := n.Segments.At(i)
				tw.write(s.Value(src))
			}
			return ast.WalkSkipChildren, nil
		case *east.TaskCheckBox:
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				s := lines.At(i)
				tw.write(s.Value(src))
			}
			if hb, ok := n.(*ast.HTMLBlock); ok && hb.HasClosure() {
				tw.write(hb.ClosureLine.Value(src))
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// resolveEscapes turns Markdown backslash escapes and HTML character
// references in text into the characters they stand for, as a reader sees
// them.
func resolveEscapes(b []byte) []byte {
	if bytes.IndexByte(b, '\\') >= 0 {
		b = util.UnescapePunctuations(b)
	}
	if bytes.IndexByte(b, '&') >= 0 {
		b = util.ResolveEntityNames(util.ResolveNumericReferences(b))
	}
	return b
}

// textWriter accumulates text while collapsing whitespace on the fly, so no
// second pass over the output is needed.
type textWriter struct {
	sb      strings.Builder
	pending bool // a separator is owed before the next visible rune
}

func (t *textWriter) space() { t.pending = t.sb.Len() > 0 }

func (t *textWriter) write(b []byte) {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if unicode.IsSpace(r) {
			t.space()
		} else {
			if t.pending {
				t.sb.WriteByte(' ')
				t.pending = false
			}
			t.sb.Write(b[:size])
		}
		b = b[size:]
	}
}

func (t *textWriter) String() string { return t.sb.String() }
