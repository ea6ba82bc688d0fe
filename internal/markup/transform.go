package markup

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// externalRel is the only rel value the sanitizer lets through. Posts are user
// generated content, so outbound links pass no ranking signal and no opener.
const externalRel = "nofollow ugc noopener"

// headingShift demotes post headings so that "# Title" in a post renders as
// h3 and never competes with the page's own h1 and h2.
const headingShift = 2

// postTransformer adjusts the parsed document before rendering: it demotes
// headings and marks links that leave the site.
type postTransformer struct{}

var _ parser.ASTTransformer = postTransformer{}

func (postTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	budget := maxHighlightTotal
	links := newLinkBudget(len(src))
	var unlink []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+headingShift, 6)
		case *ast.Link:
			if !links.spend(n.Destination, n.Title) {
				unlink = append(unlink, n)
			} else if isExternalURL(n.Destination) {
				n.SetAttributeString("rel", []byte(externalRel))
			}
		case *ast.Image:
			if !links.spend(n.Destination, n.Title) {
				unlink = append(unlink, n)
			}
		case *ast.FencedCodeBlock:
			budget = spendHighlightBudget(n, budget)
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && isExternalURL(n.URL(src)) {
				n.SetAttributeString("rel", []byte(externalRel))
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unlink {
		unwrap(n)
	}
}

// spendHighlightBudget marks a code block to be written without highlighting
// when it is too large on its own or when the post's earlier blocks already
// used up the highlighting budget, and returns the budget left.
func spendHighlightBudget(n *ast.FencedCodeBlock, budget int) int {
	if n.Info == nil {
		return budget // no language, never highlighted
	}
	size := 0
	for i := range n.Lines().Len() {
		seg := n.Lines().At(i)
		size += seg.Len()
	}
	if size > maxHighlightBytes || size > budget {
		n.SetAttributeString(plainCodeAttr, true)
		return budget
	}
	return budget - size
}
