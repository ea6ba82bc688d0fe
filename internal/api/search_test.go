package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

func TestSearchJSON(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	w := h.thread("alice", "URLSession task never completes", "bob")
	reply := h.postID(w.ThreadID, 2)
	if _, err := h.svc.EditPost(ctx, h.users["bob"].user, reply, forum.EditInput{
		Body: "Seen with <script>alert(1)</script> and NSURLErrorDomain -1001 timeouts."}); err != nil {
		t.Fatal(err)
	}
	{
		res := h.must(http.StatusOK, req{method: "GET", path: "/search?q=" + url.QueryEscape("NSURLErrorDomain timeouts")})
		if !strings.Contains(res.header.Get("Vary"), "Accept") {
			t.Errorf("search twin without Vary: Accept")
		}
		var page SearchPageDTO
		res.decode(t, &page)
		if page.Page != 1 || len(page.Results) != 1 || page.NextURL != nil {
			t.Fatalf("search page %+v", page)
		}
		hit := page.Results[0]
		if hit.Thread.ID != w.ThreadID || hit.Post.ID != reply || hit.Post.Number != 2 || hit.Post.Author.Username != "bob" {
			t.Errorf("hit %+v", hit)
		}
		if want := testBase + "/t/" + hit.Thread.Slug + "/" + itoa(w.ThreadID) + "#post-" + itoa(reply); hit.Post.URL != want {
			t.Errorf("hit url %q, want %q", hit.Post.URL, want)
		}
		snip := hit.Post.SnippetHTML
		if strings.Contains(snip, "<script>") || !strings.Contains(snip, "&lt;script&gt;") ||
			!strings.Contains(snip, "<mark>NSURLErrorDomain</mark>") || !strings.Contains(snip, "<mark>timeouts</mark>") {
			t.Errorf("snippet %q: want escaped text with marks", snip)
		}
	}
	// Canonical query and a miss.
	var page SearchPageDTO
	h.must(http.StatusOK, req{method: "GET", path: "/search?q=" + url.QueryEscape("Task  TAG:urlsession is:unanswered")}).decode(t, &page)
	if page.Query != "Task tag:urlsession is:unanswered" || len(page.Results) != 0 {
		t.Errorf("canonical query %q with %d results", page.Query, len(page.Results))
	}
}

func TestSearchJSONRefusesBadQueries(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct{ path, field string }{
		{"/search?q=", "q"},
		{"/search", "q"},
		{"/search?q=" + url.QueryEscape("tagg:swift"), "q"},
		{"/search?q=" + url.QueryEscape(`is:unanswered is:solved`), "q"},
		{"/search?q=ok&page=x", "page"},
		{"/search?q=ok&page=0", "page"},
	} {
		res := h.must(http.StatusUnprocessableEntity, req{method: "GET", path: c.path})
		code, fields := res.errorCode(t)
		if code != CodeInvalid || fields[c.field] == "" {
			t.Errorf("%s: code %q fields %v", c.path, code, fields)
		}
	}
	res := h.must(http.StatusUnprocessableEntity, req{method: "GET", path: "/search?q=" + url.QueryEscape("tagg:swift")})
	if _, fields := res.errorCode(t); !strings.Contains(fields["q"], `"tag:"`) {
		t.Errorf("a misspelt filter should suggest tag:, got %q", fields["q"])
	}
}

func TestSearchJSONPages(t *testing.T) {
	h := newHarness(t)
	for i := range forum.SearchPerPage + 3 {
		h.thread("alice", fmt.Sprintf("Keychain access question %d", i))
	}
	seen := map[int64]bool{}
	path := "/search?q=keychain"
	for pages := 0; path != ""; pages++ {
		if pages > 3 {
			t.Fatal("paging does not end")
		}
		var page SearchPageDTO
		h.must(http.StatusOK, req{method: "GET", path: path}).decode(t, &page)
		for _, r := range page.Results {
			if seen[r.Thread.ID] {
				t.Errorf("thread %d on two pages", r.Thread.ID)
			}
			seen[r.Thread.ID] = true
		}
		path = ""
		if page.NextURL != nil {
			path = strings.TrimPrefix(strings.Replace(*page.NextURL, "/search.json?", "/search?", 1), testBase)
		}
	}
	if len(seen) != forum.SearchPerPage+3 {
		t.Errorf("paged through %d threads, want %d", len(seen), forum.SearchPerPage+3)
	}
}

func TestSimilarJSON(t *testing.T) {
	h := newHarness(t)
	w1 := h.thread("alice", "Background URLSession download stalls")
	w2 := h.thread("bob", "Download progress is never reported")
	h.thread("alice", "Keychain item not found")
	var got SimilarDTO
	h.must(http.StatusOK, req{method: "GET", path: "/api/similar?title=" + url.QueryEscape("Why does my URLSession download stall?")}).decode(t, &got)
	// w2 shares only "download", far less than w1's three words: a weak
	// match is left out rather than filling the list.
	if len(got.Threads) != 1 || got.Threads[0].ID != w1.ThreadID || got.Threads[0].URL == "" {
		t.Errorf("similar threads %+v, want only %d", got.Threads, w1.ThreadID)
	}
	h.must(http.StatusOK, req{method: "GET", path: "/api/similar?title=" + url.QueryEscape("Download progress stalls") +
		"&subtopic=networking&tag=urlsession&tag=other"}).decode(t, &got)
	// Each shares a rare word and "download": both stay, the newer first.
	if len(got.Threads) != 2 || got.Threads[0].ID != w2.ThreadID || got.Threads[1].ID != w1.ThreadID {
		t.Errorf("similar with subtopic and tags %+v, want %d then %d", got.Threads, w2.ThreadID, w1.ThreadID)
	}
	for _, title := range []string{"", "how do I", "zebra crossing"} {
		var none SimilarDTO
		h.must(http.StatusOK, req{method: "GET", path: "/api/similar?title=" + url.QueryEscape(title)}).decode(t, &none)
		if none.Threads == nil || len(none.Threads) != 0 {
			t.Errorf("similar %q = %+v, want an empty list", title, none.Threads)
		}
	}
	res := h.must(http.StatusUnprocessableEntity, req{method: "GET", path: "/api/similar?title=a%00b"})
	if code, fields := res.errorCode(t); code != CodeInvalid || fields["title"] == "" {
		t.Errorf("NUL title: %q %v", code, fields)
	}
}
