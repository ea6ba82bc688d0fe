package markup

import (
	"regexp"
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/microcosm-cc/bluemonday"
)

// newPolicy builds the allowlist applied to every rendered post. It admits
// exactly what the Markdown renderer produces and nothing else, so a bug in
// rendering cannot turn into script execution or layout hijacking.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()

	p.AllowElements(
		"p", "br", "hr", "h3", "h4", "h5", "h6",
		"em", "strong", "del", "blockquote",
		"ul", "ol", "li", "pre", "code", "span",
		"table", "thead", "tbody", "tr", "th", "td",
	)
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(?:left|center|right)$`)).OnElements("th", "td")

	// Links: web and mail only, relative links allowed, and the one rel
	// value the renderer sets on off-site links.
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowAttrs("href").OnElements("a")
	// Attribute values are re-escaped on output, so free text is safe here.
	p.AllowAttrs("title").OnElements("a", "img")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + externalRel + `$`)).OnElements("a")

	// Images: absolute http(s) only, whatever the link rules allow.
	p.AllowAttrs("src").Matching(regexp.MustCompile(`(?i)^https?://`)).OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")

	// Task list checkboxes are inert.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^(?:|checked|disabled)$`)).OnElements("input")

	// Highlighting classes: only chroma's own token classes on spans, the
	// wrapper class on pre, and a language marker on code.
	p.AllowAttrs("class").Matching(chromaClassPattern()).OnElements("span")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^chroma$`)).OnElements("pre")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[a-z0-9_+#.-]{1,32}$`)).OnElements("code")

	return p
}

// chromaClassPattern matches a class attribute made only of chroma token
// class names, e.g. "kd" or "line hl".
func chromaClassPattern() *regexp.Regexp {
	var names []string
	for _, c := range chroma.StandardTypes {
		if c != "" {
			names = append(names, regexp.QuoteMeta(c))
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	one := `(?:` + strings.Join(names, `|`) + `)`
	return regexp.MustCompile(`^` + one + `(?: ` + one + `)*$`)
}
