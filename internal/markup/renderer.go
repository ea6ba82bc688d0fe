package markup

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxSourceBytes bounds the Markdown accepted by Render. It leaves room for
// long pasted logs while keeping the cost of one render bounded. Posts are
// held to the forum's body limit (60,000 characters) before they get here;
// the render budget holds for any source up to this size.
const MaxSourceBytes = 256 << 10

// ErrTooLarge is returned by Render for sources longer than MaxSourceBytes.
var ErrTooLarge = errors.New("markup: source too large")

// Renderer converts post Markdown to sanitized HTML. It is built once and is
// safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
	now    func() time.Time // the clock of the highlighting deadline
	budget time.Duration    // time a render may spend highlighting
}

// New builds a Renderer with parley's Markdown dialect (CommonMark + GFM) and
// its sanitizing policy.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Strikethrough,
			extension.Linkify,
			extension.TaskList,
		),
		goldmark.WithParserOptions(
			// GFM tables, as extension.Table registers them, except that
			// the paragraph transformer that builds them is capped.
			parser.WithParagraphTransformers(util.Prioritized(newCappedTables(), 200)),
			parser.WithASTTransformers(
				util.Prioritized(extension.NewTableASTTransformer(), 0),
				util.Prioritized(postTransformer{}, 100),
			),
		),
		goldmark.WithRendererOptions(
			// Every node renderer sits behind the sink's checks. Line
			// breaks inside a paragraph are kept: people paste log lines
			// outside code fences and expect them to stay apart. Unsafe
			// stays off, and nodeRenderer writes raw HTML escaped.
			renderer.WithNodeRenderers(util.Prioritized(guardedRenderer{inner: []renderer.NodeRenderer{
				html.NewRenderer(html.WithHardWraps()),
				extension.NewStrikethroughHTMLRenderer(),
				extension.NewTaskCheckBoxHTMLRenderer(),
				extension.NewTableHTMLRenderer(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
				newNodeRenderer(),
			}}, 0)),
		),
	)
	return &Renderer{md: md, policy: newPolicy(), now: time.Now, budget: renderBudget}
}

// Render converts Markdown source to sanitized HTML within the render
// budget. It is RenderContext without a request to follow.
func (r *Renderer) Render(src string) (string, error) {
	return r.RenderContext(context.Background(), src)
}

// RenderContext converts Markdown source to sanitized HTML within the
// render budget, and gives up with ctx's error once ctx ends: a render
// nobody waits for any more is not finished. The only other error is
// ErrTooLarge.
//
// The HTML is at most outputBound(len(src)) bytes. A render that would
// exceed it is redone without highlighting and, if still too large, the
// post is shown as escaped preformatted text.
func (r *Renderer) RenderContext(ctx context.Context, src string) (string, error) {
	out, _, err := r.render(ctx, src)
	return out, err
}

// renderStats is what a render did, for tests of the work bound.
type renderStats struct {
	passes  int // rendering passes over the document (at most two)
	steps   int // node visits over all passes
	tokens  int // highlighted tokens over all passes
	lexed   int // bytes handed to lexers over all passes
	plain   bool
	literal bool
}

func (r *Renderer) render(ctx context.Context, src string) (string, renderStats, error) {
	var st renderStats
	if len(src) > MaxSourceBytes {
		return "", st, fmt.Errorf("render %d bytes: %w", len(src), ErrTooLarge)
	}
	if err := ctx.Err(); err != nil {
		return "", st, err
	}
	limit := outputBound(len(src))
	if tooCostlyToParse(src) {
		st.literal = true
		return r.policy.Sanitize(literalHTML(src)), st, nil
	}
	b := []byte(src)
	doc := r.md.Parser().Parse(text.NewReader(b))
	deadline := r.now().Add(r.budget)
	for _, highlight := range []bool{true, false} {
		if !highlight && st.passes > 0 && !hasHighlighted(doc) {
			break // the second pass would write the same HTML again
		}
		st.passes++
		s := newSink(ctx, limit, highlight, deadline, r.now)
		err := r.md.Renderer().Render(s, b, doc)
		st.steps, st.tokens, st.lexed = st.steps+s.steps, st.tokens+s.tokens, st.lexed+s.lexed
		if err := ctx.Err(); err != nil {
			return "", st, err
		}
		if err == nil {
			if out := r.policy.Sanitize(s.buf.String()); len(out) <= limit {
				st.plain = !highlight
				return out, st, nil
			}
		} else if !errors.Is(err, errOutputBound) {
			return "", st, fmt.Errorf("render markdown: %w", err)
		}
	}
	st.literal = true
	return r.policy.Sanitize(literalHTML(src)), st, nil
}

// hasHighlighted reports whether doc has a fenced block that a pass with
// highlighting may have written differently from a plain pass.
func hasHighlighted(doc ast.Node) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering && f.Info != nil {
			if _, plain := f.AttributeString(plainCodeAttr); !plain {
				found = true
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return found
}
