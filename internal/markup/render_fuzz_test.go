package markup

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// xssSeeds are classic injection vectors, in and out of Markdown syntax.
var xssSeeds = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
	`<img src=x onerror=alert(1)>`,
	`<svg/onload=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>`,
	`<embed src="javascript:alert(1)">`,
	`<style>body{display:none}</style>`,
	`<a href="javascript:alert(1)">x</a>`,
	`<div style="background:url(javascript:alert(1))">`,
	"[x](javascript:alert(1))",
	"[x](JAVASCRIPT:alert(1))",
	"[x](java\tscript:alert(1))",
	"[x](&#x6A;avascript:alert(1))",
	"[x](vbscript:msgbox(1))",
	"[x](data:text/html,<script>alert(1)</script>)",
	"![x](javascript:alert(1))",
	"![x](data:image/svg+xml;base64,PHN2Zz4=)",
	`![x](https://e.com/a.png"onerror="alert(1))`,
	`[x](https://e.com "title\" onmouseover=\"alert(1)")`,
	"<javascript:alert(1)>",
	"```html\n<script>alert(1)</script>\n```",
	"```\"><img src=x onerror=alert(1)>\nx\n```",
	"`<script>`",
	"<!--><script>alert(1)</script>-->",
	"<![CDATA[<script>alert(1)</script>]]>",
	"<form action=https://e.com><input name=a></form>",
	"- [x] <input type=text autofocus onfocus=alert(1)>",
	"| <script> | b |\n|---|---|\n| 1 | 2 |",
	"<https://e.com/\"onmouseover=\"alert(1)>",
	"www.e.com/\"onmouseover=\"alert(1)",
	"[a]: javascript:alert(1)\n\n[a]",
	"<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
	"<base href=javascript:alert(1)//>",
	"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
}

// allowedElements is every element the renderer may emit.
var allowedElements = map[atom.Atom]bool{
	atom.P: true, atom.Br: true, atom.Hr: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Em: true, atom.Strong: true, atom.Del: true, atom.Blockquote: true, atom.Ul: true, atom.Ol: true,
	atom.Li: true, atom.Pre: true, atom.Code: true, atom.Span: true, atom.Table: true, atom.Thead: true,
	atom.Tbody: true, atom.Tr: true, atom.Th: true, atom.Td: true, atom.A: true, atom.Img: true, atom.Input: true,
}

func FuzzRender(f *testing.F) {
	for _, s := range xssSeeds {
		f.Add(s)
	}
	f.Add(benchPost)
	f.Add(tableBomb()[:4000])
	f.Add("```c\nint x;\n" + strings.Repeat("\n", 2000) + "```\n")
	f.Add(strings.Repeat("|a", 70) + "|\n" + strings.Repeat("|:-:", 70) + "|\n|\n|\n")
	f.Add("[r]: https://e.com/" + strings.Repeat("p", 500) + "\n\n" + strings.Repeat("[r] ", 40))
	f.Add(strings.Repeat(">", 60) + " x\n\n" + strings.Repeat("- ", 60) + "x\n")
	f.Add("[x](http:evil.example) [y](/\\evil.example) [z](//evil.example)")
	r := newUntimedRenderer()
	f.Fuzz(func(t *testing.T, src string) {
		out, st, err := r.render(context.Background(), src)
		if err != nil {
			if len(src) > MaxSourceBytes {
				return
			}
			t.Fatalf("Render: %v", err)
		}
		// The render budget holds for every input: bounded output and
		// bounded work, measured by counters rather than a clock.
		checkBudget(t, src, out, st)
	})
}

// checkSafeHTML parses out the way a browser would and reports the first
// executable or disallowed construct, or "".
func checkSafeHTML(out string) string {
	lower := strings.ToLower(out)
	for _, tag := range []string{"<script", "<iframe", "<style", "<object", "<embed", "<svg", "<math", "<form", "<base", "<meta", "<link"} {
		if strings.Contains(lower, tag) {
			return "raw " + tag + " in output"
		}
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(out), body)
	if err != nil {
		return "unparseable output: " + err.Error()
	}
	var problem string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if problem != "" {
			return
		}
		if n.Type == html.ElementNode {
			if !allowedElements[n.DataAtom] {
				problem = "element <" + n.Data + "> not allowed"
				return
			}
			for _, a := range n.Attr {
				if p := checkAttr(n, a); p != "" {
					problem = p
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return problem
}

func checkAttr(n *html.Node, a html.Attribute) string {
	key := strings.ToLower(a.Key)
	switch {
	case strings.HasPrefix(key, "on"):
		return "event handler attribute " + a.Key
	case key == "style":
		return "style attribute"
	case key == "href" || key == "src":
		// Browsers ignore whitespace and control characters inside a
		// scheme, so strip them before comparing.
		v := strings.Map(func(r rune) rune {
			if r <= ' ' {
				return -1
			}
			return r
		}, strings.ToLower(a.Val))
		for _, bad := range []string{"javascript:", "vbscript:", "data:"} {
			if strings.HasPrefix(v, bad) {
				return "dangerous URL " + a.Val
			}
		}
		if key == "src" && !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
			return "non-http image " + a.Val
		}
	case key == "class":
		if n.DataAtom != atom.Span && n.DataAtom != atom.Pre && n.DataAtom != atom.Code {
			return "class on <" + n.Data + ">"
		}
	case key == "type":
		if a.Val != "checkbox" {
			return "input type " + a.Val
		}
	}
	return ""
}

func TestXSSSeedsAreSafe(t *testing.T) {
	r := New()
	for _, s := range xssSeeds {
		out, err := r.Render(s)
		if err != nil {
			t.Fatalf("Render(%q): %v", s, err)
		}
		if p := checkSafeHTML(out); p != "" {
			t.Errorf("%s\nsrc: %q\nout: %s", p, s, out)
		}
	}
}

// TestCheckSafeHTMLCatches keeps the fuzz oracle honest: it must reject
// each of these outputs.
func TestCheckSafeHTMLCatches(t *testing.T) {
	for _, bad := range []string{
		`<script>x</script>`,
		`<p onclick="x">a</p>`,
		`<a href=" java	script:alert(1)">x</a>`,
		`<a href="DATA:text/html,x">x</a>`,
		`<img src="/relative.png">`,
		`<p style="color:red">x</p>`,
		`<div>x</div>`,
		`<input type="text">`,
	} {
		if checkSafeHTML(bad) == "" {
			t.Errorf("oracle accepted %q", bad)
		}
	}
}
