package markup

import (
	"errors"
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	r := newUntimedRenderer()
	tests := []struct {
		name    string
		src     string
		want    []string // substrings that must appear
		notWant []string // substrings that must not appear
	}{
		{"paragraph", "Hello *world*", []string{"<p>Hello <em>world</em></p>"}, nil},
		{"line breaks kept", "line one\nline two", []string{"line one<br>\nline two"}, nil},
		{"strikethrough", "~~gone~~", []string{"<del>gone</del>"}, nil},
		{"table with alignment", "| a | b |\n|:--|--:|\n| 1 | 2 |",
			[]string{"<table>", "<th align=\"left\">a</th>", "<td align=\"right\">2</td>"}, []string{"style="}},
		{"task list", "- [x] done\n- [ ] todo",
			[]string{`<li><input checked="" disabled="" type="checkbox"> done</li>`, `<li><input disabled="" type="checkbox"> todo</li>`}, nil},
		{"ordered list start", "3. third", []string{`<ol start="3">`}, nil},
		{"h1 demoted to h3", "# Title", []string{"<h3>Title</h3>"}, []string{"<h1", "<h2"}},
		{"h2 demoted to h4", "Sub\n---", []string{"<h4>Sub</h4>"}, nil},
		{"h4 demoted to h6", "#### Deep", []string{"<h6>Deep</h6>"}, nil},
		{"h6 stays h6", "###### Deepest", []string{"<h6>Deepest</h6>"}, nil},

		{"raw inline html escaped", "log: <private> and <NSError: 0x600>",
			[]string{"&lt;private&gt;", "&lt;NSError: 0x600&gt;"}, []string{"<private>"}},
		{"html block escaped", "<div onclick=\"x()\">\nhi\n</div>",
			[]string{"&lt;div onclick=&#34;x()&#34;&gt;<br>", "&lt;/div&gt;"}, []string{"<div"}},
		{"script block escaped", "<script>alert(1)</script>", []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script"}},
		{"html comment shown", "<!-- secret -->", []string{"&lt;!-- secret --&gt;"}, []string{"<!--"}},
		{"redaction placeholders literal", "from <email-redacted> at <IPv4-redacted>",
			[]string{"&lt;email-redacted&gt;", "&lt;IPv4-redacted&gt;"}, nil},

		{"external link rel", "[site](https://example.com/a)",
			[]string{`<a href="https://example.com/a" rel="nofollow ugc noopener">site</a>`}, nil},
		{"autolink rel", "<https://example.com>", []string{`href="https://example.com" rel="nofollow ugc noopener"`}, nil},
		{"linkify rel", "see www.example.com now", []string{`<a href="http://www.example.com" rel="nofollow ugc noopener">www.example.com</a>`}, nil},
		{"scheme relative link rel", "[x](//example.com/p)", []string{`href="//example.com/p" rel="nofollow ugc noopener"`}, nil},
		{"relative link no rel", "[topic](/t/42)", []string{`<a href="/t/42">topic</a>`}, []string{"rel="}},
		{"mailto allowed", "<dev@example.com>", []string{`<a href="mailto:dev@example.com">dev@example.com</a>`}, nil},
		{"javascript link neutralized", "[x](javascript:alert(1))", []string{"<p>x</p>"}, []string{"javascript", "<a"}},
		{"javascript mixed case", "[x](JaVaScRiPt:alert(1))", nil, []string{"alert", "<a"}},
		{"vbscript link", "[x](vbscript:msgbox)", nil, []string{"vbscript", "<a"}},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:", "<a"}},
		{"entity-encoded javascript", "[x](&#106;avascript:alert(1))", nil, []string{"avascript:", "<a"}},
		{"title kept", `[x](https://e.com "T")`, []string{`title="T"`}, nil},
		{"image alt and title free text", `![shot: 1 & 2](https://e.com/a.png "Fig. 1: \"x\" &amp; y")`,
			[]string{`alt="shot: 1 &amp; 2"`, `title="Fig. 1: &#34;x&#34; &amp; y"`}, nil},

		{"image https", "![cat](https://example.com/cat.png)", []string{`<img src="https://example.com/cat.png" alt="cat" loading="lazy">`}, nil},
		{"image http", "![cat](http://example.com/cat.png)", []string{`<img src="http://example.com/cat.png"`}, nil},
		{"image relative shows alt", "![local pic](/a.png)", []string{"<p>local pic</p>"}, []string{"<img"}},
		{"image data url shows alt", "![x](data:image/png;base64,AAAA)", nil, []string{"<img", "data:"}},
		{"image without host", "![x](http://)", []string{"<p>x</p>"}, []string{"<img"}},
		{"image javascript", "![x](javascript:alert(1))", nil, []string{"<img", "javascript"}},

		{"fenced code highlighted", "```go\nfunc main() {}\n```",
			[]string{`<pre class="chroma"><code class="language-go">`, `<span class="kd">func</span>`, `<span class="nf">main</span>`}, nil},
		{"fenced code alias", "```swift\nlet x = 1\n```", []string{`class="language-swift"`, `<span class="kd">let</span>`}, nil},
		{"fenced code escapes", "```go\nx := \"<b>\"\n```", []string{"&lt;b&gt;"}, []string{"<b>"}},
		{"unknown language plain", "```nosuchlang\n<b>x</b>\n```",
			[]string{`<pre><code class="language-nosuchlang">&lt;b&gt;x&lt;/b&gt;`}, []string{"chroma", "<span"}},
		{"no language plain", "```\nplain <text>\n```", []string{"<pre><code>plain &lt;text&gt;\n</code></pre>"}, []string{"<span"}},
		{"odd language word dropped", "```\"><script>\nx\n```", []string{"<pre><code>x"}, []string{"<script", "language-"}},
		{"indented code", "    indented <x>", []string{"<pre><code>indented &lt;x&gt;"}, nil},
		{"inline code", "use `a < b`", []string{"<code>a &lt; b</code>"}, nil},
		{"long log line is in pre", "```\n" + strings.Repeat("x", 5000) + "\n```", []string{"<pre><code>xxx"}, []string{"style="}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.Render(tt.src)
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q\nsrc: %q\ngot: %s", w, tt.src, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("output contains %q\nsrc: %q\ngot: %s", w, tt.src, got)
				}
			}
		})
	}
}

func TestRenderHugeCodeBlockIsPlain(t *testing.T) {
	code := strings.Repeat("let x = 1\n", maxHighlightBytes/10+10)
	got, err := New().Render("```swift\n" + code + "```\n")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, "<span") || !strings.Contains(got, `<pre><code class="language-swift">let x = 1`) {
		t.Fatalf("huge block was highlighted or lost: %.200s", got)
	}
}

func TestRenderTooLarge(t *testing.T) {
	_, err := New().Render(strings.Repeat("a", MaxSourceBytes+1))
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestRenderConcurrent(t *testing.T) {
	r := New()
	want, err := r.Render(benchPost)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			got, err := r.Render(benchPost)
			if err != nil || got != want {
				errs <- "concurrent render differs"
				return
			}
			errs <- ""
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Fatal(e)
		}
	}
}

func TestRenderHighlightBudgetPerPost(t *testing.T) {
	block := "```go\n" + strings.Repeat("x := 1\n", maxHighlightBytes/7-10) + "```\n\n"
	n := maxHighlightTotal/(maxHighlightBytes-70) + 1 // one more block than the budget covers
	got, err := newUntimedRenderer().Render(strings.Repeat(block, n))
	if err != nil {
		t.Fatal(err)
	}
	if hl := strings.Count(got, `<pre class="chroma">`); hl != n-1 {
		t.Fatalf("%d of %d blocks highlighted, want %d", hl, n, n-1)
	}
	if plain := strings.Count(got, `<pre><code class="language-go">`); plain != 1 {
		t.Fatalf("%d plain blocks, want 1", plain)
	}
}
