package markup

import (
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// isExternalURL reports whether a link to dest is a web link that leaves
// the site. It decides the way a browser resolves dest against the page's
// URL, not by prefix: a relative reference (a path, query or fragment with
// neither scheme nor host) stays on the site; a scheme-relative "//host" or
// an http(s) URL in any letter case leaves it. Before parsing, dest is
// cleaned the way browsers clean it (tabs and newlines dropped, backslashes
// read as slashes), so "/\evil.example" and "/\t/evil.example" count as the
// "//evil.example" they become, and "http:evil.example", which a browser on
// an https page opens as http://evil.example/, counts as the http URL it is.
// Other schemes (mailto:, and the javascript: or data: the sanitizer drops)
// are not web links and get no rel. An unparseable destination is treated
// as external. dest is as goldmark parsed it, with backslash escapes and
// character references still in place ("&#47;&#47;evil.example"); they are
// resolved first, as the HTML renderer resolves them.
func isExternalURL(dest []byte) bool {
	dest = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest)))
	d := strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return -1
		case '\\':
			return '/'
		}
		return r
	}, string(dest))
	d = strings.TrimFunc(d, func(r rune) bool { return r <= ' ' })
	if strings.HasPrefix(d, "//") {
		return true
	}
	u, err := url.Parse(d)
	if err != nil {
		return true
	}
	switch u.Scheme {
	case "":
		return u.Host != ""
	case "http", "https":
		return true
	}
	return false
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// A reference link repeats its definition's destination and title at every
// use: one 1,000-byte definition used 20,000 times ("[a]" is three bytes)
// would write 20 MB of href attributes. Inline links carry their own
// destination in the source, so their total can never exceed the source;
// the budget allows that plus linkSlack bytes of reuse per post, and links
// past it are shown as their text.
const linkSlack = 16 << 10

type linkBudget struct{ left int }

func newLinkBudget(srcLen int) *linkBudget { return &linkBudget{left: srcLen + linkSlack} }

// spend charges one link's destination and title and reports whether the
// budget covered them.
func (b *linkBudget) spend(dest, title []byte) bool {
	cost := len(dest) + len(title)
	if cost > b.left {
		return false
	}
	b.left -= cost
	return true
}

// unwrap replaces a link or image by its children, so its text stays in
// place without a destination.
func unwrap(n ast.Node) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}
