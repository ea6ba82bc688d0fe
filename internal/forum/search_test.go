package forum_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler words here ", 20)
	for _, c := range []struct {
		name, text, query string
		want              string
	}{
		{"marks words", "The socket closes early", "socket early", "The <mark>socket</mark> closes <mark>early</mark>"},
		{"case-insensitive", "EMFILE again", "emfile", "<mark>EMFILE</mark> again"},
		{"code parts mark the identifier", "Use NEFilterDataProvider here", "FilterDataProvider",
			"Use <mark>NEFilterDataProvider</mark> here"},
		{"snake case part", "in nw_path_evaluator_start()", "evaluator", "in <mark>nw_path_evaluator_start</mark>()"},
		{"escapes html", `<script>alert("x")</script> socket`, "socket",
			"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>socket</mark>"},
		{"escapes a marked word's neighbours", "a<b socket&c", "socket", "a&lt;b <mark>socket</mark>&amp;c"},
		{"excluded words are not marked", "socket and pipe", "socket -pipe", "<mark>socket</mark> and pipe"},
		{"filters only", "plain text", "is:solved", "plain text"},
		{"stemmed forms are marked", "It crashed, then crashing again; a crash", "crashes",
			"It <mark>crashed</mark>, then <mark>crashing</mark> again; a <mark>crash</mark>"},
		{"quoted words only as written", "It crashed; crashes", `"crashes"`, "It crashed; <mark>crashes</mark>"},
		{"a CJK word inside a clause", "Wi-Fi 後に再接続できない", "できない", "Wi-Fi <mark>後に再接続できない</mark>"},
		{"white space squeezed", "one\n\n  two\tthree", "two", "one <mark>two</mark> three"},
		{"window around a late match", long + "the needle is here " + long, "needle", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, err := search.Parse(c.query)
			if err != nil {
				t.Fatal(err)
			}
			got := forum.Snippet(c.text, q)
			if c.want != "" && got != c.want {
				t.Errorf("Snippet(%q, %q)\n got %q\nwant %q", c.text, c.query, got, c.want)
			}
			if c.want == "" {
				if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "<mark>needle</mark>") || len(got) > 300 {
					t.Errorf("Snippet of a long text = %q, want a window around the match with ellipses", got)
				}
			}
		})
	}
}

func TestServiceSearch(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	w := f.thread(t, f.alice) // "Path monitor stuck": "It reports the old interface."
	res, err := f.svc.Search(ctx, forum.Client{}, "interface", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Page != 1 || len(res.Hits) != 1 || res.Hits[0].Thread.ID != w.ThreadID || res.HasNext {
		t.Fatalf("search interface = %+v, want thread %d alone on page 1", res, w.ThreadID)
	}
	if got := res.Hits[0].Snippet; got != "It reports the old <mark>interface</mark>." {
		t.Errorf("snippet = %q", got)
	}
	if res, err := f.svc.Search(ctx, forum.Client{}, "interface", 999); err != nil || res.Page != forum.MaxSearchPage || len(res.Hits) != 0 {
		t.Errorf("page 999 = %+v, %v; want the last page, empty", res, err)
	}
	for _, bad := range []string{"", "   ", "tagg:swift", "is:unanswered is:solved", "sort:relevance", `"unclosed`, "-only"} {
		_, err := f.svc.Search(ctx, forum.Client{}, bad, 1)
		var ve *forum.ValidationError
		if !errors.As(err, &ve) || ve.Fields["q"] == "" {
			t.Errorf("Search(%q) error = %v, want a message on q", bad, err)
		}
	}
}

func TestServiceSimilar(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	w := f.thread(t, f.alice) // "Path monitor stuck"
	for _, c := range []struct {
		title string
		found bool
	}{
		{"Why is my path monitor not updating?", true},
		{"How do I use the monitor?", true},
		{"How do I do this with it?", false}, // only common words
		{"Socket closes", false},
	} {
		threads, err := f.svc.Similar(ctx, forum.Client{}, forum.SimilarDraft{Title: c.title}, 5)
		if err != nil {
			t.Fatal(err)
		}
		if found := len(threads) == 1 && threads[0].ID == w.ThreadID; found != c.found || len(threads) > 1 {
			t.Errorf("Similar(%q) = %d threads, want found=%v", c.title, len(threads), c.found)
		}
	}
	if _, err := f.svc.Similar(ctx, forum.Client{}, forum.SimilarDraft{Title: "bad\x00title"}, 5); err == nil {
		t.Error("a title with NUL was accepted")
	}
}
