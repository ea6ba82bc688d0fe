package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/parley-forum/parley/internal/forumtest"
)

// TestFeedsParse fetches every feed kind and parses it with a real feed
// parser, checking absolute links, stable ids and dates.
func TestFeedsParse(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true})
	c := f.NewClient()
	thread := firstThreadPath(t, c, "/c/networking")
	paths := []string{"/latest", "/c/networking", "/tags/" + firstTag(t, c), "/u/" + firstUser(t, c), thread}
	parser := gofeed.NewParser()
	for _, p := range paths {
		for _, format := range []string{"rss", "atom"} {
			url := p + "." + format
			res := c.Get(url)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", url, res.StatusCode)
			}
			if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, format+"+xml") {
				t.Errorf("GET %s: content type %q", url, ct)
			}
			feed, err := parser.ParseString(res.Body)
			if err != nil {
				t.Fatalf("parse %s: %v", url, err)
			}
			if len(feed.Items) == 0 {
				t.Fatalf("%s has no items", url)
			}
			seen := map[string]bool{}
			for _, it := range feed.Items {
				if !strings.HasPrefix(it.Link, "http://forum.test/t/") {
					t.Errorf("%s: item link %q is not absolute", url, it.Link)
				}
				if it.GUID == "" || seen[it.GUID] {
					t.Errorf("%s: missing or repeated id %q", url, it.GUID)
				}
				seen[it.GUID] = true
				if it.PublishedParsed == nil || it.PublishedParsed.IsZero() {
					t.Errorf("%s: item %q has no date", url, it.Title)
				}
				if it.Content == "" && it.Description == "" {
					t.Errorf("%s: item %q has no content", url, it.Title)
				}
			}
			// The same feed fetched twice has the same ids.
			again, err := parser.ParseString(c.Get(url).Body)
			if err != nil || again.Items[0].GUID != feed.Items[0].GUID {
				t.Errorf("%s: ids are not stable", url)
			}
		}
	}
}

// TestFeedConditionalGet checks ETag and Last-Modified revalidation.
func TestFeedConditionalGet(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true})
	c := f.NewClient()
	first := c.Get("/latest.rss")
	etag, lm := first.Header.Get("ETag"), first.Header.Get("Last-Modified")
	if etag == "" || lm == "" {
		t.Fatalf("feed lacks validators: ETag %q Last-Modified %q", etag, lm)
	}
	if atom := c.Get("/latest.atom").Header.Get("ETag"); atom == etag {
		t.Errorf("RSS and Atom share the ETag %s", etag)
	}
	req, _ := http.NewRequest(http.MethodGet, f.URL+"/latest.rss", nil)
	req.Header.Set("If-None-Match", etag)
	if res := c.Do(req); res.StatusCode != http.StatusNotModified || res.Body != "" {
		t.Errorf("If-None-Match: status %d with %d bytes, want 304 and none", res.StatusCode, len(res.Body))
	}
	req, _ = http.NewRequest(http.MethodGet, f.URL+"/latest.rss", nil)
	req.Header.Set("If-Modified-Since", lm)
	if res := c.Do(req); res.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: status %d, want 304", res.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodGet, f.URL+"/latest.rss", nil)
	req.Header.Set("If-None-Match", `"something-else"`)
	if res := c.Do(req); res.StatusCode != http.StatusOK {
		t.Errorf("stale If-None-Match: status %d, want 200", res.StatusCode)
	}
}
