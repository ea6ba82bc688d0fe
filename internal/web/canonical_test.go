package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forumtest"
)

// TestNonCanonicalURLsRedirect checks that a trailing slash and wrong
// letter case in subtopic and tag names lead permanently to the canonical
// URL, keeping the query and the feed suffix, and that a path that is no
// page still answers 404.
func TestNonCanonicalURLsRedirect(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true})
	c := f.NewClient()
	thread := firstThreadPath(t, c, "/c/networking")
	tag := firstTag(t, c)
	cases := []struct {
		method, path string
		status       int
		location     string
	}{
		{"GET", "/latest/", 301, "/latest"},
		{"GET", "/latest/?sort=views", 301, "/latest?sort=views"},
		{"HEAD", "/c/networking/", 301, "/c/networking"},
		{"GET", thread + "/", 301, thread},
		{"GET", "/c/Networking", 301, "/c/networking"},
		{"GET", "/c/NETWORKING.rss", 301, "/c/networking.rss"},
		{"GET", "/c/Networking?filter=solved", 301, "/c/networking?filter=solved"},
		{"GET", "/tags/" + strings.ToUpper(tag), 301, "/tags/" + tag},
		{"GET", "/tags/" + strings.ToUpper(tag) + ".atom", 301, "/tags/" + tag + ".atom"},
		{"POST", thread + "/reply/", 308, thread + "/reply"},
		{"GET", "/nothing/here/", 404, ""},
		{"GET", "/c/No-Such-Place", 404, ""},
		{"GET", "/c/no-such-place/", 301, "/c/no-such-place"}, // a subtopic URL; the list itself says 404
	}
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, f.URL+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		res := c.Do(req)
		if res.StatusCode != tc.status || res.Header.Get("Location") != tc.location {
			t.Errorf("%s %s: %d to %q, want %d to %q", tc.method, tc.path, res.StatusCode, res.Header.Get("Location"), tc.status, tc.location)
		}
	}
}

// TestSignInReturnsToThePage checks that the header's sign-in and sign-up
// links, the thread's "sign in or create an account to reply" and the
// "Ask a question" controls carry the page the visitor is on, and that
// signing up and then in leads back there.
func TestSignInReturnsToThePage(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true})
	c := f.NewClient()
	thread := firstThreadPath(t, c, "/c/networking")
	next := url.QueryEscape(thread)
	page := c.Get(thread).Body
	for _, want := range []string{`href="/signin?next=` + next + `"`, `href="/signup?next=` + next + `"`} {
		if strings.Count(strings.ToLower(page), strings.ToLower(want)) < 2 {
			t.Errorf("the thread page does not carry %s in both the header and the reply prompt", want)
		}
	}
	// The sign-up form keeps it, in its form and its link to sign-in.
	signup := c.Get("/signup?next=" + next).Body
	if !strings.Contains(signup, `name="next" value="`+thread+`"`) || !strings.Contains(strings.ToLower(signup), strings.ToLower(`href="/signin?next=`+next+`"`)) {
		t.Errorf("the sign-up page loses next=")
	}
	res := c.PostForm("/signup", url.Values{"username": {"wanderer"}, "email": {"wanderer@example.com"},
		"password": {forumtest.Password}, "next": {thread}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "next="+next) {
		t.Fatalf("sign-up: %d to %q, want the sign-in page with next=", res.StatusCode, loc)
	}
	signin := c.Get(loc).Body
	if !strings.Contains(signin, `name="next" value="`+thread+`"`) {
		t.Fatalf("the sign-in page after sign-up lost next=")
	}
	res = c.PostForm("/signin", url.Values{"login": {"wanderer"}, "password": {forumtest.Password}, "next": {thread}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != thread {
		t.Errorf("sign-in: %d to %q, want %q", res.StatusCode, res.Header.Get("Location"), thread)
	}
	// Another site is never a target.
	if body := c.Get("/signin?next=//evil.example/").Body; strings.Contains(body, "evil.example") {
		t.Errorf("an off-site next= reached the page")
	}
}

// TestAskLeadsToTheComposer checks that subtopic and tag pages offer "Ask
// a question" to everyone, with the page's subtopic or tag chosen, and
// that a signed-out visitor goes through sign-in to that composer.
func TestAskLeadsToTheComposer(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Demo: true})
	anon := f.NewClient()
	tag := firstTag(t, anon)
	for path, ask := range map[string]string{"/c/networking": "/new?subtopic=networking", "/tags/" + tag: "/new?tag=" + tag} {
		body := anon.Get(path).Body
		if strings.Count(body, `href="`+ask+`"`) < 2 {
			t.Errorf("%s: no header button and page control leading to %s", path, ask)
		}
	}
	res := anon.Get("/new?subtopic=networking")
	if want := "/signin?next=" + url.QueryEscape("/new?subtopic=networking"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
		t.Errorf("signed-out /new: %d to %q, want %q", res.StatusCode, res.Header.Get("Location"), want)
	}
	c := f.NewClient()
	c.SignUp("asker")
	body := c.Get("/new?tag=" + tag).Body
	if !strings.Contains(body, `name="tags" value="`+tag+`"`) {
		t.Errorf("the composer from a tag page does not have the tag chosen")
	}
	if body := c.Get("/new?subtopic=networking").Body; !strings.Contains(body, `value="networking" selected`) {
		t.Errorf("the composer from a subtopic page does not have the subtopic chosen")
	}
}
