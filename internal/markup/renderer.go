package markup

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// MaxSourceBytes bounds the Markdown accepted by Render. It leaves room for
// long pasted logs while keeping the cost of one render bounded.
const MaxSourceBytes = 256 << 10

// ErrTooLarge is returned by Render for sources longer than MaxSourceBytes.
var ErrTooLarge = errors.New("markup: source too large")

// Renderer converts post Markdown to sanitized HTML. It is built once and is
// safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds a Renderer with parley's Markdown dialect (CommonMark + GFM) and
// its sanitizing policy.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.Linkify,
			extension.TaskList,
		),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(postTransformer{}, 100)),
		),
		goldmark.WithRendererOptions(
			// Line breaks inside a paragraph are kept: people paste log
			// lines outside code fences and expect them to stay apart.
			// Unsafe stays off, and nodeRenderer writes raw HTML escaped.
			html.WithHardWraps(),
			renderer.WithNodeRenderers(util.Prioritized(newNodeRenderer(), 100)),
		),
	)
	return &Renderer{md: md, policy: newPolicy()}
}

// Render converts Markdown source to sanitized HTML.
func (r *Renderer) Render(src string) (string, error) {
	if len(src) > MaxSourceBytes {
		return "", fmt.Errorf("render %d bytes: %w", len(src), ErrTooLarge)
	}
	if parseCost(src) > maxParseCost {
		return r.policy.Sanitize(literalHTML(src)), nil
	}
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/2)
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return r.policy.Sanitize(buf.String()), nil
}
