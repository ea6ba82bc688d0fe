package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forumtest"
)

// TestPages walks every read route of the demo forum, including bad
// input, and checks status and the fragments each page must show.
func TestPages(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true})
	c := f.NewClient()
	thread := firstThreadPath(t, c, "/c/networking")
	id := thread[strings.LastIndex(thread, "/")+1:]
	cases := []struct {
		name, path string
		status     int
		want       []string
		location   string
	}{
		{"home", "/", 200, []string{"App &amp; System Services", `href="/c/networking"`, "threads"}, ""},
		{"latest", "/latest", 200, []string{"<h1>Latest</h1>", "Replies", "Boosts", "Views", "Activity", "<time datetime="}, ""},
		{"subtopic", "/c/networking", 200, []string{"Networking documentation", "RSS for subtopic", "Pinned", `<link rel="alternate" type="application/rss+xml"`, `title="`}, ""},
		{"subtopic sorted", "/c/networking?sort=views&order=asc", 200, []string{`aria-current="true"`}, ""},
		{"solved filter", "/latest?filter=solved", 200, []string{"Solved"}, ""},
		{"unanswered filter", "/latest?filter=unanswered", 200, nil, ""},
		{"tag", "/tags/" + firstTag(t, c), 200, []string{"RSS for tag"}, ""},
		{"thread", thread, 200, []string{`<link rel="canonical" href="http://forum.test` + thread + `"`, "Replies", "post-body"}, ""},
		{"thread wrong slug", "/t/not-the-slug/" + id, 301, nil, thread},
		{"thread short link", "/t/" + id, 301, nil, thread},
		{"user", "/u/" + firstUser(t, c), 200, []string{"Threads", "Recent replies"}, ""},
		{"sitemap", "/sitemap.xml", 200, []string{"<urlset", "http://forum.test/c/networking"}, ""},
		{"robots", "/robots.txt", 200, []string{"Sitemap: http://forum.test/sitemap.xml"}, ""},
		{"healthz", "/healthz", 200, []string{"ok"}, ""},
		{"readyz", "/readyz", 200, []string{"ready"}, ""},
		{"unknown subtopic", "/c/no-such-place", 404, []string{"Page not found"}, ""},
		{"unknown tag", "/tags/no-such-tag", 404, nil, ""},
		{"unknown user", "/u/nobody-here", 404, nil, ""},
		{"unknown thread", "/t/x/987654321", 404, nil, ""},
		{"non-numeric thread", "/t/x/abc", 404, nil, ""},
		{"negative thread", "/t/x/-4", 404, nil, ""},
		{"huge thread id", "/t/x/99999999999999999999999", 404, nil, ""},
		{"unknown path", "/nothing/here", 404, nil, ""},
		{"odd unicode slug", "/c/%E2%80%AEcilbup%00", 404, nil, ""},
		{"emoji tag", "/tags/%F0%9F%90%9B", 404, nil, ""},
		{"bad sort", "/latest?sort=popularity", 400, []string{"sort"}, ""},
		{"bad order", "/latest?order=sideways", 400, []string{"order"}, ""},
		{"bad filter", "/latest?filter=everything", 400, nil, ""},
		{"bad limit", "/latest?limit=lots", 400, []string{"limit"}, ""},
		{"malformed query string", "/latest?after=%%%not-a-cursor", 400, []string{"query"}, ""},
		{"malformed cursor", "/latest?after=bm90LWEtY3Vyc29y", 400, []string{"after"}, ""},
		{"oversized cursor", "/latest?after=" + strings.Repeat("A", 5000), 400, []string{"after"}, ""},
		{"cursor of another sort", "/latest?sort=views&after=" + cursorFor(t, c, "/latest?limit=2"), 400, nil, ""},
		{"absurd page size is clamped", "/latest?limit=1000000", 200, nil, ""},
		{"zero page size is clamped", "/latest?limit=0", 200, nil, ""},
		{"bad reply page", thread + "?page=0", 400, nil, ""},
		{"reply page past the end", thread + "?page=999", 404, nil, ""},
		{"unknown format", "/latest.xml", 404, nil, ""},
		{"unknown static", "/static/nope.css", 404, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.Get(tc.path)
			if res.StatusCode != tc.status {
				t.Fatalf("GET %s: status %d, want %d\n%.400s", tc.path, res.StatusCode, tc.status, res.Body)
			}
			for _, w := range tc.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("GET %s: body lacks %q", tc.path, w)
				}
			}
			if tc.location != "" && res.Header.Get("Location") != tc.location {
				t.Errorf("GET %s: Location %q, want %q", tc.path, res.Header.Get("Location"), tc.location)
			}
			if res.StatusCode >= 400 && strings.Contains(res.Body, "goroutine") {
				t.Errorf("GET %s: error page leaks a stack trace", tc.path)
			}
			if got := res.Header.Get("Content-Security-Policy"); !strings.Contains(got, "frame-ancestors 'none'") {
				t.Errorf("GET %s: CSP %q lacks frame-ancestors 'none'", tc.path, got)
			}
		})
	}
}

// TestSubtopicColumns checks the list shows, per thread, the four counts
// with the activity as a <time> carrying the exact time on hover.
func TestSubtopicColumns(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true})
	body := f.NewClient().Get("/c/networking").Body
	row := regexp.MustCompile(`(?s)<tr class="thread-row[^"]*".*?</tr>`).FindAllString(body, -1)
	if len(row) < 5 {
		t.Fatalf("found %d thread rows, want several", len(row))
	}
	timeTag := regexp.MustCompile(`<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" title="[A-Z][a-z]{2} \d+, \d{4} at \d\d:\d\d UTC">(now|\d+(m|h|d|w|mo)|[A-Z][a-z]{2} ’\d\d)</time>`)
	for i, r := range row {
		for _, label := range []string{`data-label="Replies"`, `data-label="Boosts"`, `data-label="Views"`, `data-label="Activity"`} {
			if !strings.Contains(r, label) {
				t.Errorf("row %d lacks %s", i, label)
			}
		}
		if !timeTag.MatchString(r) {
			t.Errorf("row %d has no well-formed <time>: %.300s", i, r)
		}
	}
	if !strings.Contains(row[0], "Pinned") {
		t.Errorf("the first row is not the pinned thread")
	}
}

var threadLink = regexp.MustCompile(`href="(/t/[a-z0-9-]+/\d+)"`)

func firstThreadPath(t *testing.T, c *forumtest.Client, list string) string {
	t.Helper()
	m := threadLink.FindAllStringSubmatch(c.Get(list).Body, -1)
	if len(m) < 2 {
		t.Fatalf("no threads on %s", list)
	}
	return m[1][1] // skip the pinned thread
}

func firstTag(t *testing.T, c *forumtest.Client) string {
	t.Helper()
	m := regexp.MustCompile(`href="/tags/([a-z0-9-]+)"`).FindStringSubmatch(c.Get("/latest").Body)
	if m == nil {
		t.Fatal("no tag links on /latest")
	}
	return m[1]
}

func firstUser(t *testing.T, c *forumtest.Client) string {
	t.Helper()
	m := regexp.MustCompile(`href="/u/([a-z0-9_-]+)"`).FindStringSubmatch(c.Get("/latest").Body)
	if m == nil {
		t.Fatal("no user links on /latest")
	}
	return m[1]
}

func cursorFor(t *testing.T, c *forumtest.Client, path string) string {
	t.Helper()
	m := regexp.MustCompile(`after=([A-Za-z0-9_-]+)`).FindStringSubmatch(c.Get(path).Body)
	if m == nil {
		t.Fatalf("no next-page cursor on %s", path)
	}
	return m[1]
}

var _ = http.StatusOK
