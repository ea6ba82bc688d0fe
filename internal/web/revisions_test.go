package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// revisedPost makes a post with n versions: the author writes it, then
// the author and a moderator take turns editing (different editors never
// fold into one version). Version v changes one word of line 2.
func revisedPost(t *testing.T, f *forumtest.Forum, n int) (postID int64) {
	t.Helper()
	ctx := context.Background()
	f.Seed()
	author := f.CreateUser("author", forum.RoleMember, "")
	mod := f.CreateUser("monica", forum.RoleModerator, "")
	body := func(v int) string {
		return "The first line stays the same.\nIn version " + strconv.Itoa(v) + " the second line says hello.\nThe third line stays too."
	}
	w, err := f.Service().CreateThread(ctx, author, forum.Client{IP: "192.0.2.1"}, forum.ThreadInput{Title: "A post with a history", Subtopic: "general", Body: body(1)})
	if err != nil {
		t.Fatal(err)
	}
	for v := 2; v <= n; v++ {
		editor := author
		if v%2 == 0 {
			editor = mod
		}
		if _, err := f.Service().EditPost(ctx, editor, w.PostID, forum.EditInput{Body: body(v)}); err != nil {
			t.Fatal(err)
		}
	}
	return w.PostID
}

// TestRevisionsPage: versions newest first, ten to a page, each compared
// with the one before down to the changed word; version 1 as text; one
// version's text by ?version=; bad parameters are 400s, pages and
// versions past the end 404s.
func TestRevisionsPage(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Env: map[string]string{"PARLEY_PUBLIC_REVISIONS": "true"}})
	id := revisedPost(t, f, 12)
	path := "/p/" + strconv.FormatInt(id, 10) + "/revisions"
	c := f.NewClient()

	first := c.Get(path)
	if first.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, first.StatusCode)
	}
	if n := strings.Count(first.Body, `<section class="revision"`); n != 10 {
		t.Errorf("page 1 shows %d versions, want 10", n)
	}
	if i, j := strings.Index(first.Body, `id="rev-12"`), strings.Index(first.Body, `id="rev-11"`); i < 0 || j < 0 || i > j {
		t.Errorf("page 1 is not newest first (rev-12 at %d, rev-11 at %d)", i, j)
	}
	for _, want := range []string{"<mark>12</mark>", "<mark>11</mark>", `rel="next" href="` + path + `?page=2"`, "12 versions"} {
		if !strings.Contains(first.Body, want) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	if strings.Contains(first.Body, "the second line says hello.\n</del>") && !strings.Contains(first.Body, "<mark>") {
		t.Error("a one-word change is shown as whole lines only")
	}
	second := c.Get(path + "?page=2")
	if n := strings.Count(second.Body, `<section class="revision"`); second.StatusCode != 200 || n != 2 {
		t.Errorf("page 2: %d with %d versions, want 2", second.StatusCode, n)
	}
	if !strings.Contains(second.Body, `<pre class="version">The first line stays the same.`) || strings.Contains(second.Body, "+ The first line stays the same.") {
		t.Error("version 1 is not shown as its text")
	}
	if v := c.Get(path + "?version=3"); v.StatusCode != 200 || !strings.Contains(v.Body, "In version 3 the second line") {
		t.Errorf("?version=3: %d", v.StatusCode)
	}
	for q, want := range map[string]int{"?page=3": 404, "?page=0": 400, "?page=x": 400, "?version=13": 404, "?version=-1": 400} {
		if res := c.Get(path + q); res.StatusCode != want {
			t.Errorf("%s: %d, want %d", q, res.StatusCode, want)
		}
	}
	// The JSON twin is paginated like the page: page 1 holds the newest
	// ten versions (oldest first within it), with links to the others.
	for twin, want := range map[string]string{path + ".json": "3..12 next http://forum.test" + path + ".json?page=2", path + "?page=2": "1..2 prev http://forum.test" + path + ".json?page=1"} {
		req, _ := http.NewRequest("GET", f.URL+twin, nil)
		if !strings.HasSuffix(twin, ".json") {
			req.Header.Set("Accept", "application/json")
		}
		res := c.Do(req)
		var out struct {
			Revisions   []struct{ Number int }
			Total, Page int
			PrevURL     *string `json:"prev_url"`
			NextURL     *string `json:"next_url"`
		}
		if res.StatusCode != 200 || json.Unmarshal([]byte(res.Body), &out) != nil || len(out.Revisions) == 0 {
			t.Errorf("JSON twin %s: %d %.200s", twin, res.StatusCode, res.Body)
			continue
		}
		link := ""
		if out.NextURL != nil {
			link = "next " + *out.NextURL
		}
		if out.PrevURL != nil {
			link = "prev " + *out.PrevURL
		}
		got := fmt.Sprintf("%d..%d %s", out.Revisions[0].Number, out.Revisions[len(out.Revisions)-1].Number, link)
		if got != want || out.Total != 12 {
			t.Errorf("JSON twin %s: %s of %d, want %s of 12", twin, got, out.Total, want)
		}
	}
}

// TestRevisionsNeedSignInByDefault: without --public-revisions a
// signed-out visitor is asked to sign in (401, with a way back), the JSON
// twin answers 401, and a member sees the page.
func TestRevisionsNeedSignInByDefault(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	id := revisedPost(t, f, 2)
	path := "/p/" + strconv.FormatInt(id, 10) + "/revisions"
	anon := f.NewClient()
	res := anon.Get(path)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, `href="/signin?next=`) {
		t.Errorf("signed out: %d, want 401 with a sign-in link", res.StatusCode)
	}
	if res := anon.Get(path + ".json"); res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, `"unauthorized"`) {
		t.Errorf("signed-out JSON twin: %d %s", res.StatusCode, res.Body)
	}
	member := f.NewClient()
	member.SignUp("reader")
	if res := member.Get(path); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "<mark>2</mark>") {
		t.Errorf("member: %d", res.StatusCode)
	}
	// The member's view is not what signed-out visitors get next.
	if res := anon.Get(path); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("signed out after a member's visit: %d", res.StatusCode)
	}
}

// TestEditedLinkFollowsRevisionAccess: a post's "edited" links to its
// versions for whoever may read them; a signed-out visitor on a site with
// private revisions gets plain text, not a link to a sign-in page, and
// a member's later visit does not change that cached page.
func TestEditedLinkFollowsRevisionAccess(t *testing.T) {
	for _, public := range []bool{false, true} {
		env := map[string]string{}
		if public {
			env["PARLEY_PUBLIC_REVISIONS"] = "true"
		}
		f := forumtest.Start(t, forumtest.Options{Env: env})
		id := revisedPost(t, f, 2)
		p, err := f.Service().Post(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		res := f.NewClient().Get("/t/" + strconv.FormatInt(p.ThreadID, 10))
		thread := res.Header.Get("Location")
		link := `<a href="/p/` + strconv.FormatInt(id, 10) + `/revisions">edited `
		anon := f.NewClient()
		member := f.NewClient()
		member.SignUp("reader")
		for _, step := range []struct {
			who  string
			c    *forumtest.Client
			want bool
		}{{"signed out", anon, public}, {"member", member, true}, {"signed out again", anon, public}} {
			body := step.c.Get(thread).Body
			if !strings.Contains(body, "edited ") {
				t.Fatalf("public=%v %s: %s shows no edited mark", public, step.who, thread)
			}
			if got := strings.Contains(body, link); got != step.want {
				t.Errorf("public=%v %s: edited is a link %v, want %v", public, step.who, got, step.want)
			}
		}
	}
}
