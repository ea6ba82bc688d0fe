package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forumtest"
)

// TestRedirectTargetsStayOnSite drives every form that takes a "next" or
// "return" with targets browsers read as another origin; each must send
// the visitor to a page of this site.
func TestRedirectTargetsStayOnSite(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	nasty := []string{"/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/%09/evil.example", "/%5C/evil.example"}
	onSite := func(loc string) bool {
		return strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") && !strings.ContainsAny(loc, "\t\n\r\\") && !strings.Contains(loc, "evil")
	}
	author := f.NewClient()
	author.SignUp("author")
	res := author.PostForm("/new", url.Values{"title": {"Where do redirects go?"}, "subtopic": {"general"}, "body": {"Somewhere on this site, one hopes."}})
	threadPath := res.Header.Get("Location")
	reader := f.NewClient()
	reader.SignUp("reader")
	postID := regexp.MustCompile(`id="post-(\d+)"`).FindStringSubmatch(reader.Get(threadPath).Body)[1]

	for i, next := range nasty {
		c := f.NewClient()
		page := c.Get("/signin?next=" + url.QueryEscape(next))
		if m := regexp.MustCompile(`name="next" value="([^"]*)"`).FindStringSubmatch(page.Body); m == nil || m[1] != "/" {
			t.Errorf("sign-in form for next=%q carries %v", next, m)
		}
		if res := c.PostForm("/signin", url.Values{"login": {"author"}, "password": {forumtest.Password}, "next": {next}}); res.StatusCode != http.StatusSeeOther || !onSite(res.Header.Get("Location")) {
			t.Errorf("sign in with next=%q: %d to %q", next, res.StatusCode, res.Header.Get("Location"))
		}
		c = f.NewClient()
		c.Get("/signup")
		name := "newcomer" + string(rune('a'+i))
		if res := c.PostForm("/signup", url.Values{"username": {name}, "email": {name + "@example.com"}, "password": {forumtest.Password}, "next": {next}}); res.StatusCode != http.StatusSeeOther || !onSite(res.Header.Get("Location")) {
			t.Errorf("sign up with next=%q: %d to %q", next, res.StatusCode, res.Header.Get("Location"))
		}
		if res := reader.PostForm("/p/"+postID+"/boost", url.Values{"on": {"1"}, "return": {next}}); res.StatusCode != http.StatusSeeOther || !onSite(res.Header.Get("Location")) {
			t.Errorf("boost with return=%q: %d to %q", next, res.StatusCode, res.Header.Get("Location"))
		}
	}
	// A good target survives the round trip.
	if res := reader.PostForm("/p/"+postID+"/boost", url.Values{"on": {"0"}, "return": {threadPath + "#post-" + postID}}); res.Header.Get("Location") != threadPath+"#post-"+postID {
		t.Errorf("boost with a local return went to %q", res.Header.Get("Location"))
	}
}
