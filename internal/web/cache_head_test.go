package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forumtest"
)

// TestHeadDoesNotPoisonTheCache: a HEAD request to any cached route, sent
// before anyone has read it, must not leave an empty or private entry
// behind. The GET after it gets the complete page, and the HEAD carried
// the same headers as that GET.
func TestHeadDoesNotPoisonTheCache(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true, Env: map[string]string{"PARLEY_PUBLIC_REVISIONS": "true"}})
	// Discover paths signed in, which never touches the shared cache.
	member := f.NewClient()
	member.SignUp("scout")
	thread := regexp.MustCompile(`href="(/t/[a-z0-9-]+/\d+)"`).FindStringSubmatch(member.Get("/c/networking").Body)[1]
	tag := regexp.MustCompile(`href="/tags/([a-z0-9-]+)"`).FindStringSubmatch(member.Get("/latest").Body)[1]
	user := regexp.MustCompile(`href="/u/([a-z0-9_-]+)"`).FindStringSubmatch(member.Get("/latest").Body)[1]
	post := regexp.MustCompile(`id="post-(\d+)"`).FindStringSubmatch(member.Get(thread).Body)[1]

	routes := []struct{ path, accept, want string }{
		{"/", "", "</html>"},
		{"/", "application/json", `"topics"`},
		{"/latest", "", "</html>"},
		{"/latest.json", "", `"threads"`},
		{"/latest", "application/json", `"threads"`},
		{"/latest.rss", "", "</rss>"},
		{"/latest.atom", "", "</feed>"},
		{"/latest?sort=views", "", "</html>"},
		{"/c/networking", "", "</html>"},
		{"/c/networking.json", "", `"subtopic"`},
		{"/c/networking", "application/json", `"subtopic"`},
		{"/c/networking.rss", "", "</rss>"},
		{"/tags/" + tag, "", "</html>"},
		{"/tags/" + tag + ".json", "", `"tag"`},
		{"/tags/" + tag, "application/json", `"tag"`},
		{"/tags/" + tag + ".atom", "", "</feed>"},
		{"/u/" + user, "", "</html>"},
		{"/u/" + user + ".json", "", `"user"`},
		{"/u/" + user, "application/json", `"user"`},
		{thread, "", "</html>"},
		{thread + ".json", "", `"posts"`},
		{thread, "application/json", `"posts"`},
		{thread + ".rss", "", "</rss>"},
		{"/p/" + post + "/revisions", "", "</html>"},
		{"/p/" + post + "/revisions.json", "", `"revisions"`},
		{"/p/" + post + "/revisions", "application/json", `"revisions"`},
	}
	do := func(method, path, accept string) *forumtest.Response {
		req, _ := http.NewRequest(method, f.URL+path, nil)
		req.Header.Set("Accept-Encoding", "identity") // Go's client asks for gzip on GET only
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		return f.NewClient().Do(req)
	}
	for _, rt := range routes {
		name := rt.path + " " + rt.accept
		head := do(http.MethodHead, rt.path, rt.accept)
		if head.StatusCode != http.StatusOK || head.Body != "" {
			t.Errorf("%s: HEAD answered %d with %d body bytes", name, head.StatusCode, len(head.Body))
			continue
		}
		get := do(http.MethodGet, rt.path, rt.accept)
		if get.StatusCode != http.StatusOK || !strings.Contains(get.Body, rt.want) {
			t.Errorf("%s: GET after HEAD answered %d with %d bytes (X-Cache %s), want a complete page with %q",
				name, get.StatusCode, len(get.Body), get.Header.Get("X-Cache"), rt.want)
			continue
		}
		if strings.HasPrefix(rt.want, `"`) && !json.Valid([]byte(get.Body)) {
			t.Errorf("%s: GET after HEAD is not valid JSON", name)
		}
		for _, h := range []string{"Content-Type", "Cache-Control", "ETag", "Vary"} {
			if head.Header.Get(h) != get.Header.Get(h) {
				t.Errorf("%s: HEAD has %s %q, GET %q", name, h, head.Header.Get(h), get.Header.Get(h))
			}
		}
		if cc := get.Header.Get("Cache-Control"); strings.Contains(cc, "private") {
			t.Errorf("%s: signed-out GET is %q", name, cc)
		}
	}
}
