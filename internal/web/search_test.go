package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// TestSearchPages checks the search page, its help, feed and JSON twin on
// the demo community, which must be findable by the words of its threads.
func TestSearchPages(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true})
	c := f.NewClient()
	q := func(s string) string { return url.QueryEscape(s) }
	for _, tc := range []struct {
		name, path string
		status     int
		want, not  []string
	}{
		{"empty form", "/search", 200, []string{`name="q"`, `href="/search/help"`, `<meta name="robots" content="noindex">`}, []string{"No threads match"}},
		{"blank query", "/search?q=++", 200, []string{`name="q"`}, []string{"No threads match", "field-error"}},
		{"title identifier", "/search?q=FlowFilterProvider", 200,
			[]string{"handleNewFlow called twice", "<mark>", "Replies", "Boosts", "Views", "Activity", `href="/search.rss?q=FlowFilterProvider"`}, nil},
		{"identifier by parts", "/search?q=" + q("flow filter provider"), 200, []string{"handleNewFlow called twice"}, nil},
		{"file name", "/search?q=skbuf_slab.c", 200, []string{"zone skbuf.2048 exhausted"}, nil},
		{"filters", "/search?q=" + q("FlowFilterProvider subtopic:no-such-place"), 200, []string{"No threads match"}, nil},
		{"no match", "/search?q=zzyzxnothing", 200, []string{"No threads match", `value="zzyzxnothing"`}, nil},
		{"bad filter keeps the query", "/search?q=" + q("tagg:swift crash"), 400,
			[]string{`did you mean &#34;tag:&#34;?`, `value="tagg:swift crash"`, `aria-invalid="true"`}, nil},
		{"contradiction", "/search?q=" + q("is:unanswered is:solved"), 400, []string{"can&#39;t be combined"}, nil},
		{"control character", "/search?q=a%01b", 400, []string{"field-error"}, nil},
		{"bad page", "/search?q=x&page=zero", 400, []string{"page"}, nil},
		{"deep page is clamped", "/search?q=the&page=999", 200, nil, nil},
		{"help", "/search/help", 200, []string{"<h1>Search help</h1>", "<table>", "is:solved", "sort:"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Get(tc.path)
			if res.StatusCode != tc.status {
				t.Fatalf("GET %s: status %d, want %d\n%.600s", tc.path, res.StatusCode, tc.status, res.Body)
			}
			for _, w := range tc.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("GET %s: body lacks %q", tc.path, w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(res.Body, w) {
					t.Errorf("GET %s: body has %q", tc.path, w)
				}
			}
			if res.Header.Get("X-Cache") != "" {
				t.Errorf("GET %s went through the page cache", tc.path)
			}
		})
	}
	// Every page links the OpenSearch description and has the search box.
	home := c.Get("/")
	for _, w := range []string{`<link rel="search" type="application/opensearchdescription+xml"`, `action="/search"`} {
		if !strings.Contains(home.Body, w) {
			t.Errorf("home page lacks %q", w)
		}
	}
}

func TestSearchResultLinksToPost(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	ctx := context.Background()
	alice := f.CreateUser("alice", forum.RoleMember, "")
	bob := f.CreateUser("bob", forum.RoleMember, "")
	svc := f.Service()
	w, err := svc.CreateThread(ctx, alice, forum.Client{}, forum.ThreadInput{Title: "Crash when the view loads",
		Subtopic: "general", Body: "It crashes on launch, every time."})
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.Reply(ctx, bob, forum.Client{}, w.ThreadID, forum.ReplyInput{
		Body: "Your template prints `<script>alert(\"pwned\")</script>` unescaped; escape the quarkvalue."})
	if err != nil {
		t.Fatal(err)
	}
	c := f.NewClient()
	res := c.Get("/search?q=quarkvalue")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("search: %d", res.StatusCode)
	}
	if strings.Contains(res.Body, "<script>alert") || !strings.Contains(res.Body, "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;") {
		t.Errorf("the snippet is not escaped:\n%s", snippetOf(res.Body))
	}
	if !strings.Contains(res.Body, "<mark>quarkvalue</mark>") {
		t.Errorf("the match is not marked:\n%s", snippetOf(res.Body))
	}
	anchor := `href="/t/` + forum.Slugify("Crash when the view loads") + "/" + strconv.FormatInt(w.ThreadID, 10) + "#post-" + strconv.FormatInt(r.PostID, 10) + `"`
	if !strings.Contains(res.Body, anchor) {
		t.Errorf("result does not link to the reply: want %s in\n%s", anchor, snippetOf(res.Body))
	}
	if !strings.Contains(res.Body, "Reply by") {
		t.Error("a reply hit does not say it is a reply")
	}

	// The JSON twin answers at /search.json and on Accept.
	js := c.Get("/search.json?q=quarkvalue")
	if js.StatusCode != http.StatusOK || !strings.Contains(js.Header.Get("Content-Type"), "application/json") ||
		!strings.Contains(js.Body, `"snippet_html"`) {
		t.Errorf("search.json: %d %s %.300s", js.StatusCode, js.Header.Get("Content-Type"), js.Body)
	}
	bad := c.Get("/search.json?q=" + url.QueryEscape("tagg:x"))
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `"q"`) {
		t.Errorf("bad query as JSON: %d %.300s", bad.StatusCode, bad.Body)
	}

	// Deleting the reply takes it out of the results at once.
	if err := svc.DeletePost(ctx, bob, r.PostID); err != nil {
		t.Fatal(err)
	}
	if res := c.Get("/search?q=quarkvalue"); !strings.Contains(res.Body, "No threads match") {
		t.Error("a deleted reply is still found")
	}
}

func TestSearchFeed(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true})
	c := f.NewClient()
	parser := gofeed.NewParser()
	for _, format := range []string{"rss", "atom"} {
		path := "/search." + format + "?q=" + url.QueryEscape("provider")
		res := c.Get(path)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), format+"+xml") {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		feed, err := parser.ParseString(res.Body)
		if err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		if len(feed.Items) == 0 || !strings.Contains(feed.Title, "provider") {
			t.Fatalf("%s: title %q with %d items", path, feed.Title, len(feed.Items))
		}
		var last string
		for i, it := range feed.Items {
			if !strings.HasPrefix(it.Link, "http://forum.test/t/") || !strings.Contains(it.Link, "#post-") {
				t.Errorf("item link %q", it.Link)
			}
			// Newest first, as a followed search should be.
			stamp := it.PublishedParsed.UTC().Format("2006-01-02T15:04:05")
			if i > 0 && stamp > last {
				t.Errorf("item %d is newer than the one before it", i)
			}
			last = stamp
		}
	}
	if res := c.Get("/search.rss?q=" + url.QueryEscape("tagg:x")); res.StatusCode != http.StatusBadRequest {
		t.Errorf("feed of a bad query: %d", res.StatusCode)
	}
}

func TestOpenSearchDescription(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	res := f.NewClient().Get("/opensearch.xml")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/opensearchdescription+xml; charset=utf-8" {
		t.Fatalf("opensearch.xml: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var doc struct {
		XMLName   xml.Name
		ShortName string `xml:"ShortName"`
		URLs      []struct {
			Type     string `xml:"type,attr"`
			Template string `xml:"template,attr"`
		} `xml:"Url"`
	}
	if err := xml.Unmarshal([]byte(res.Body), &doc); err != nil {
		t.Fatalf("parse: %v\n%s", err, res.Body)
	}
	if doc.XMLName.Space != "http://a9.com/-/spec/opensearch/1.1/" || doc.XMLName.Local != "OpenSearchDescription" ||
		doc.ShortName == "" || len(doc.ShortName) > 16 {
		t.Errorf("document root %v, short name %q", doc.XMLName, doc.ShortName)
	}
	templates := map[string]string{}
	for _, u := range doc.URLs {
		templates[u.Type] = u.Template
	}
	if templates["text/html"] != "http://forum.test/search?q={searchTerms}" || templates["application/rss+xml"] == "" {
		t.Errorf("url templates %v", templates)
	}
}

func snippetOf(body string) string {
	if i := strings.Index(body, `class="excerpt snippet"`); i >= 0 {
		return body[i:min(len(body), i+600)]
	}
	return "(no results)"
}
