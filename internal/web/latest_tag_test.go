package web_test

import (
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forumtest"
)

// TestLatestTagFilter: /latest?tag= lists only that tag's threads, says so,
// keeps the tag in its sort, filter and feed links, offers the tag picker,
// and answers an unknown tag with 404.
func TestLatestTagFilter(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true})
	c := f.NewClient()
	all := c.Get("/latest")
	if all.StatusCode != 200 || !strings.Contains(all.Body, `<select id="latest-tag" name="tag">`) ||
		!strings.Contains(all.Body, "Push Relay returns 410 Unregistered") {
		t.Fatalf("/latest: status %d, tag picker or threads missing", all.StatusCode)
	}
	res := c.Get("/latest?tag=Push-Relay")
	if res.StatusCode != 200 {
		t.Fatalf("/latest?tag=: status %d", res.StatusCode)
	}
	for _, want := range []string{"Latest tagged push-relay", "Push Relay returns 410 Unregistered",
		`href="/latest?tag=push-relay&amp;sort=newest"`, `href="/latest.rss?tag=push-relay"`,
		`<option value="push-relay" selected>`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("/latest?tag=push-relay lacks %q", want)
		}
	}
	for _, not := range []string{"FileBridge provider fails with EMFILE", "perch publish fails"} {
		if strings.Contains(res.Body, not) {
			t.Errorf("/latest?tag=push-relay lists %q", not)
		}
	}
	feed := c.Get("/latest.rss?tag=push-relay")
	if feed.StatusCode != 200 || !strings.Contains(feed.Body, "Push Relay returns 410") || strings.Contains(feed.Body, "perch publish fails") {
		t.Errorf("tag-filtered feed: status %d", feed.StatusCode)
	}
	if res := c.Get("/latest?tag=no-such-tag"); res.StatusCode != 404 {
		t.Errorf("unknown tag: status %d, want 404", res.StatusCode)
	}
}
