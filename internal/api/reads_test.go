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

func TestHome(t *testing.T) {
	h := newHarness(t)
	h.thread("alice", "First networking question")
	res := h.must(http.StatusOK, req{method: "GET", path: "/"})
	if !strings.Contains(res.header.Get("Vary"), "Accept") {
		t.Errorf("twin without Vary: Accept: %v", res.header)
	}
	var home HomeDTO
	res.decode(t, &home)
	if len(home.Topics) != 1 || len(home.Topics[0].Subtopics) != 2 {
		t.Fatalf("home %+v", home)
	}
	top := home.Topics[0]
	net, notif := top.Subtopics[0], top.Subtopics[1]
	if top.ThreadCount != 1 || top.LastActivityAt == nil || net.ThreadCount != 1 || net.LastActivityAt == nil {
		t.Errorf("counts: topic %+v networking %+v", top, net)
	}
	if net.Docs == nil || net.Docs.URL != "https://docs.example.com/networking" || net.URL != testBase+"/c/networking" {
		t.Errorf("networking %+v", net)
	}
	if notif.Docs != nil || notif.LastActivityAt != nil || notif.ThreadCount != 0 {
		t.Errorf("empty subtopic %+v", notif)
	}
}

// listPages follows next_url until the end and returns the thread ids seen.
func (h *harness) listPages(path string) []int64 {
	h.t.Helper()
	var ids []int64
	for range 20 {
		var page ListDTO
		h.must(http.StatusOK, req{method: "GET", path: path}).decode(h.t, &page)
		for _, th := range page.Threads {
			ids = append(ids, th.ID)
		}
		if page.NextURL == nil {
			if page.Next != nil {
				h.t.Fatalf("next without next_url on %s", path)
			}
			return ids
		}
		u, err := url.Parse(*page.NextURL)
		if err != nil || u.Query().Get("after") != *page.Next {
			h.t.Fatalf("next_url %q does not carry next %q", *page.NextURL, *page.Next)
		}
		// The twin URL ends in .json; the test mux mounts the Accept form.
		path = strings.TrimSuffix(u.Path, ".json") + "?" + u.RawQuery
	}
	h.t.Fatal("pages never end")
	return nil
}

func TestLatestPaging(t *testing.T) {
	h := newHarness(t)
	var want []int64
	for _, title := range []string{"Thread number one", "Thread number two", "Thread number three", "Thread number four", "Thread number five"} {
		want = append([]int64{h.thread("alice", title).ThreadID}, want...)
	}
	got := h.listPages("/latest?limit=2")
	if len(got) != len(want) {
		t.Fatalf("paged ids %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("paged ids %v, want %v (newest activity first)", got, want)
		}
	}
	asc := h.listPages("/latest?limit=2&sort=newest&order=asc")
	if asc[0] != want[len(want)-1] || len(asc) != len(want) {
		t.Errorf("ascending ids %v", asc)
	}
	var page ListDTO
	h.must(http.StatusOK, req{method: "GET", path: "/latest?limit=2&sort=newest&order=asc"}).decode(t, &page)
	if !strings.Contains(*page.NextURL, "sort=newest") || !strings.Contains(*page.NextURL, "order=asc") ||
		!strings.HasPrefix(*page.NextURL, testBase+"/latest.json?") {
		t.Errorf("next_url %q loses the list's parameters", *page.NextURL)
	}
}

// TestLatestTagFilter: /latest?tag= lists that tag's threads only, keeps
// the tag in its next page's link, and answers 404 for an unknown tag.
func TestLatestTagFilter(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var swift []int64
	for _, title := range []string{"Swift thread one", "Plain thread two", "Swift thread three", "Swift thread four"} {
		in := forum.ThreadInput{Title: title, Subtopic: "networking", Tags: []string{"urlsession"}, Body: "Body of " + title}
		if strings.HasPrefix(title, "Swift") {
			in.Tags = []string{"swift"}
		}
		w, err := h.svc.CreateThread(ctx, h.users["alice"].user, forum.Client{}, in)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(title, "Swift") {
			swift = append([]int64{w.ThreadID}, swift...)
		}
	}
	got := h.listPages("/latest?tag=Swift&limit=2")
	if fmt.Sprint(got) != fmt.Sprint(swift) {
		t.Errorf("tagged latest %v, want %v", got, swift)
	}
	var page ListDTO
	h.must(http.StatusOK, req{method: "GET", path: "/latest?tag=swift&limit=2"}).decode(t, &page)
	if page.NextURL == nil || !strings.HasPrefix(*page.NextURL, testBase+"/latest.json?tag=swift&") {
		t.Errorf("next_url %v loses the tag", page.NextURL)
	}
	h.must(http.StatusNotFound, req{method: "GET", path: "/latest?tag=nope"})
}

func TestListParameterErrors(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct{ query, field string }{
		{"sort=random", "sort"}, {"order=up", "order"}, {"filter=open", "filter"},
		{"limit=ten", "limit"}, {"after=!!", "after"},
	} {
		res := h.must(http.StatusUnprocessableEntity, req{method: "GET", path: "/latest?" + c.query})
		if code, fields := res.errorCode(t); code != CodeInvalid || fields[c.field] == "" {
			t.Errorf("?%s: code %q fields %v", c.query, code, fields)
		}
	}
	// A cursor made for one sort is refused by another.
	for range 3 {
		h.thread("alice", "Some thread to page")
	}
	var page ListDTO
	h.must(http.StatusOK, req{method: "GET", path: "/latest?limit=1"}).decode(t, &page)
	h.must(http.StatusUnprocessableEntity, req{method: "GET", path: "/latest?sort=views&after=" + *page.Next})
}

func TestSubtopicList(t *testing.T) {
	h := newHarness(t)
	pinned := h.thread("maria", "Read this before posting")
	if err := h.st.SetThreadFlags(context.Background(), pinned.ThreadID, true, false); err != nil {
		t.Fatal(err)
	}
	a := h.thread("alice", "Regular question one")
	h.thread("bob", "Regular question two")
	var out SubtopicListDTO
	h.must(http.StatusOK, req{method: "GET", path: "/c/networking?limit=1"}).decode(t, &out)
	if out.Subtopic.Slug != "networking" || out.Subtopic.Docs == nil {
		t.Errorf("subtopic %+v", out.Subtopic)
	}
	if len(out.Pinned) != 1 || out.Pinned[0].ID != pinned.ThreadID || !out.Pinned[0].Pinned {
		t.Errorf("pinned %+v", out.Pinned)
	}
	if len(out.Threads) != 1 || out.NextURL == nil || !strings.HasPrefix(*out.NextURL, testBase+"/c/networking.json?") {
		t.Fatalf("first page %+v", out.ListDTO)
	}
	var second SubtopicListDTO
	h.must(http.StatusOK, req{method: "GET", path: "/c/networking?limit=1&after=" + url.QueryEscape(*out.Next)}).decode(t, &second)
	if len(second.Pinned) != 0 || len(second.Threads) != 1 || second.Threads[0].ID != a.ThreadID || second.Next != nil {
		t.Errorf("second page pinned %d threads %+v next %v", len(second.Pinned), second.Threads, second.Next)
	}
	if !strings.Contains(string(h.must(http.StatusOK, req{method: "GET", path: "/c/notifications"}).body), `"pinned":[]`) {
		t.Error("an empty pinned list is not []")
	}
	h.must(http.StatusNotFound, req{method: "GET", path: "/c/nope"})
}

func TestTagList(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Tagged with urlsession")
	var out TagListDTO
	h.must(http.StatusOK, req{method: "GET", path: "/tags/urlsession"}).decode(t, &out)
	if out.Tag.Name != "urlsession" || out.Tag.URL != testBase+"/tags/urlsession" || len(out.Threads) != 1 || out.Threads[0].ID != w.ThreadID {
		t.Errorf("tag page %+v", out)
	}
	h.must(http.StatusOK, req{method: "GET", path: "/tags/swift"}).decode(t, &out)
	if len(out.Threads) != 0 || out.Next != nil {
		t.Errorf("swift page %+v", out)
	}
	h.must(http.StatusNotFound, req{method: "GET", path: "/tags/cobol"})
}

func TestUserPage(t *testing.T) {
	h := newHarness(t)
	h.thread("alice", "Alice asks something", "bob")
	h.thread("bob", "Bob asks something else")
	var out UserPageDTO
	res := h.must(http.StatusOK, req{method: "GET", path: "/u/bob"})
	res.decode(t, &out)
	if out.User.Username != "bob" || out.User.URL != testBase+"/u/bob" || out.User.ThreadCount != 1 || out.User.ReplyCount != 1 {
		t.Errorf("user %+v", out.User)
	}
	if len(out.Threads) != 1 || out.Threads[0].Author.Username != "bob" {
		t.Errorf("threads %+v", out.Threads)
	}
	if len(out.Replies) != 1 || out.Replies[0].Thread.Title != "Alice asks something" || out.Replies[0].Post.Number != 2 ||
		!strings.HasSuffix(out.Replies[0].Post.URL, "#post-2") {
		t.Errorf("replies %+v", out.Replies)
	}
	if strings.Contains(string(res.body), "@example.com") || strings.Contains(string(res.body), "argon2") {
		t.Errorf("profile leaks private data: %s", res.body)
	}
	h.must(http.StatusNotFound, req{method: "GET", path: "/u/nobody"})
}

func TestThreadPages(t *testing.T) {
	h := newHarness(t, func(c *forum.Config) {
		c.Limits = forum.DefaultLimits()
		c.Limits.PostsPerPage = 2
	})
	w := h.thread("alice", "A long discussion here", "bob", "carol", "bob")
	base := "/t/a-long-discussion-here/" + itoa(w.ThreadID)
	var p1, p2 ThreadPageDTO
	h.must(http.StatusOK, req{method: "GET", path: base}).decode(t, &p1)
	if p1.Page != 1 || p1.Pages != 2 || len(p1.Posts) != 2 || p1.PrevURL != nil || p1.NextURL == nil {
		t.Fatalf("page 1: page %d/%d posts %d prev %v next %v", p1.Page, p1.Pages, len(p1.Posts), p1.PrevURL, p1.NextURL)
	}
	if want := testBase + base + ".json?page=2"; *p1.NextURL != want {
		t.Errorf("next_url %q, want %q", *p1.NextURL, want)
	}
	if p1.Thread.ReplyCount != 3 || p1.Posts[0].Number != 1 || p1.Posts[0].URL != testBase+base+"#post-1" {
		t.Errorf("page 1 %+v", p1)
	}
	h.must(http.StatusOK, req{method: "GET", path: base + "?page=2"}).decode(t, &p2)
	if len(p2.Posts) != 2 || p2.Posts[0].Number != 3 || p2.NextURL != nil || p2.PrevURL == nil {
		t.Errorf("page 2 %+v", p2)
	}
	h.must(http.StatusNotFound, req{method: "GET", path: base + "?page=3"})
	h.must(http.StatusNotFound, req{method: "GET", path: base + "?page=0"})
	res := h.must(http.StatusUnprocessableEntity, req{method: "GET", path: base + "?page=two"})
	if _, fields := res.errorCode(t); fields["page"] == "" {
		t.Errorf("fields %v", fields)
	}
	h.must(http.StatusNotFound, req{method: "GET", path: "/t/x/999999"})
}

func TestJSONReadsCountNoViews(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Is anyone reading this")
	for _, as := range []string{"", "bob", "carol"} {
		h.must(http.StatusOK, req{method: "GET", path: "/t/x/" + itoa(w.ThreadID), as: as,
			header: http.Header{"User-Agent": {"Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"}}})
	}
	if n := h.api.views.Pending(w.ThreadID); n != 0 {
		t.Errorf("JSON reads counted %d views", n)
	}
	// Views counted by pages do show in the JSON.
	h.api.views.Record(w.ThreadID, "visitor-1", "Mozilla/5.0 Firefox/130.0")
	var tp ThreadPageDTO
	h.must(http.StatusOK, req{method: "GET", path: "/t/x/" + itoa(w.ThreadID)}).decode(t, &tp)
	if tp.Thread.Views != 1 {
		t.Errorf("views %d, want the 1 pending page view", tp.Thread.Views)
	}
}

func TestRevisionsTwin(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Revisions page twin")
	var a, b RevisionsDTO
	h.must(http.StatusOK, req{method: "GET", path: "/p/" + itoa(w.PostID) + "/revisions"}).decode(t, &a)
	h.must(http.StatusOK, req{method: "GET", path: "/api/posts/" + itoa(w.PostID) + "/revisions"}).decode(t, &b)
	if a.Post.ID != w.PostID || len(a.Revisions) != 1 || a.Thread.ID != w.ThreadID || b.Post.ID != a.Post.ID || len(b.Revisions) != 1 {
		t.Errorf("twin %+v api %+v", a, b)
	}
	h.must(http.StatusNotFound, req{method: "GET", path: "/p/0/revisions"})
}
