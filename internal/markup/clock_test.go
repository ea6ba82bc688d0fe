package markup

import (
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// newUntimedRenderer returns a Renderer whose clock never moves, so the
// highlighting deadline never passes: tests of what is highlighted must not
// depend on how busy the machine is.
func newUntimedRenderer() *Renderer {
	r := New()
	t0 := time.Unix(0, 0)
	r.now = func() time.Time { return t0 }
	return r
}

// tickingClock advances by step at every reading, so a test can make the
// deadline pass after a known number of clock readings.
type tickingClock struct {
	t     time.Time
	step  time.Duration
	reads int
}

func (c *tickingClock) now() time.Time {
	c.reads++
	c.t = c.t.Add(c.step)
	return c.t
}

// textReader is goldmark's reader over src.
func textReader(src string) text.Reader { return text.NewReader([]byte(src)) }

// codeText returns the text inside the <code> elements of out, as a
// browser would show it.
func codeText(t *testing.T, out string) string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(out), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Code {
			in = true
		}
		if in && n.Type == html.TextNode {
			sb.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	for _, n := range nodes {
		walk(n, false)
	}
	return sb.String()
}
