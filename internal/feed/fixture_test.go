package feed

import (
	"fmt"
	"strings"
	"time"
)

// hostileStrings returns strings that break naive XML writers: markup, CDATA
// terminators, entity look-alikes, controls, noncharacters, invalid UTF-8
// and Unicode that shifts direction or joins glyphs.
func hostileStrings() []string {
	return []string{
		`Tom & Jerry <script>alert("x")</script> 'quoted'`,
		"ends a CDATA section ]]> and opens one <![CDATA[ here",
		"]]>",
		"&amp; &lt; &#x41; &#65; &copy &nbsp; &unknown; & ;",
		"controls \x00\x01\x08\x0b\x0c\x0e\x1f kept \t tab and \x7f del",
		"noncharacters \uFFFE\uFFFF gone",
		"invalid utf-8 \xff\xfe\xc3 replaced",
		"line one\r\nline two\rline three\nend",
		"bidi \u202Eevil\u202C, zero width \u200B\u200D, joiner 👩\u200D💻, combining e\u0301, astral 𝔘𝔫𝔦",
		"bom \uFEFF mid, nbsp\u00A0here, line sep \u2028 para sep \u2029 c1 \u0085\u0090",
		"<p>not really html</p> <div>at all</div>",
		"-->",
		`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>&a;`,
	}
}

// sampleTime is fixed so documents and tags are deterministic.
func sampleTime() time.Time {
	return time.Date(2026, time.March, 14, 15, 9, 26, 535000000, time.FixedZone("PDT", -7*3600))
}

// sampleFeed returns a thread-like feed with n posts of roughly size bytes
// of HTML each; every call returns fresh slices the caller may modify.
func sampleFeed(n, size int) Feed {
	f := Feed{
		Title:       "Swift concurrency: actors & Sendable",
		Description: "Latest posts in this thread",
		Link:        "https://forum.example.org/t/swift-concurrency/42",
		SelfLink:    "https://forum.example.org/t/swift-concurrency/42.rss",
		ID:          "https://forum.example.org/t/swift-concurrency/42",
		Updated:     sampleTime().Add(-time.Hour),
	}
	for i := range n {
		link := fmt.Sprintf("https://forum.example.org/t/swift-concurrency/42/%d", i+1)
		f.Items = append(f.Items, Item{
			ID:          link,
			Title:       fmt.Sprintf("Re: Swift concurrency #%d", i+1),
			Link:        link,
			Author:      fmt.Sprintf("Developer %d", i+1),
			Published:   sampleTime().Add(time.Duration(i) * time.Minute),
			Updated:     sampleTime().Add(time.Duration(i)*time.Minute + 30*time.Second),
			ContentHTML: sampleHTML(i, size),
			Summary:     fmt.Sprintf("Post %d: about actors & isolation", i+1),
			Categories:  []string{"swift", "concurrency"},
		})
	}
	return f
}

// sampleHTML builds sanitized-looking post HTML of about size bytes.
func sampleHTML(i, size int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<p>Post %d &amp; friends: use <code>@MainActor</code> &lt;here&gt;.</p>\n", i)
	for b.Len() < size {
		b.WriteString(`<pre><code class="language-swift">actor Counter {
    var value = 0
    func increment() -&gt; Int { value += 1; return value }
}
</code></pre>
<p>See <a href="https://developer.example.com/docs?a=1&amp;b=2" rel="nofollow">the docs</a> for “isolation” rules — it's fine.</p>
<ul><li>one</li><li>two &amp; three</li></ul>
`)
	}
	return b.String()
}
