package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forumtest"
)

var postIDs = regexp.MustCompile(`id="post-(\d+)"`)

// TestJourney is the core story end to end through the HTML forms: sign
// up, ask with code and a redacted log, get a reply, boost and accept it,
// and see the thread listed as solved.
func TestJourney(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	alice, bob := f.NewClient(), f.NewClient()
	alice.SignUp("alice")
	bob.SignUp("bob")

	alice.Get("/new")
	body := "Sockets stop working after sleep.\n\n```go\nconn, err := net.Dial(\"tcp\", addr)\n```\n\n```text\n2026-04-27 20:34:43.565424 -0700 netd[0x100a7ee60] peer 203.0.113.9 owner ops@example.com " + strings.Repeat("x", 300) + "\n```\n"
	res := alice.PostForm("/new", url.Values{"title": {"Sockets stop after sleep/wake"}, "subtopic": {"general"},
		"tags": {"alpha", "beta"}, "body": {body}, "redact": {"on"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post thread: %d\n%.600s", res.StatusCode, res.Body)
	}
	threadPath := res.Header.Get("Location")
	page := alice.Get(threadPath).Body
	for _, want := range []string{"&lt;IPv4-redacted&gt;", "&lt;email-redacted&gt;", `class="chroma"`, "0x100a7ee60", "2026-04-27 20:34:43.565424"} {
		if !strings.Contains(page, want) {
			t.Errorf("thread page lacks %q", want)
		}
	}
	if strings.Contains(page, "203.0.113.9") || strings.Contains(page, "ops@example.com") {
		t.Error("redacted data is still on the page")
	}

	bob.Get(threadPath)
	res = bob.PostForm(threadPath+"/reply", url.Values{"body": {"Re-create the connection when the path changes."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d\n%.600s", res.StatusCode, res.Body)
	}
	ids := postIDs.FindAllStringSubmatch(alice.Get(threadPath).Body, -1)
	if len(ids) != 2 {
		t.Fatalf("thread shows %d posts, want 2", len(ids))
	}
	replyID := ids[1][1]
	threadID := threadPath[strings.LastIndex(threadPath, "/")+1:]

	if res := alice.PostForm("/p/"+replyID+"/boost", url.Values{"on": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("boost: %d", res.StatusCode)
	}
	if res := alice.PostForm("/t/"+threadID+"/accept", url.Values{"post_id": {replyID}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d\n%.500s", res.StatusCode, res.Body)
	}
	page = bob.Get(threadPath).Body
	// At the top: an excerpt with a link to the answer; in full only in
	// its place.
	if !strings.Contains(page, "Accepted answer") || !strings.Contains(page, `class="jump" href="`+threadPath+`#post-`+replyID+`"`) {
		t.Error("the accepted answer is not surfaced at the top of the thread")
	}
	if n := strings.Count(page, `class="post-body"`); n != 2 {
		t.Errorf("the page shows %d post bodies, want 2 (the accepted answer once)", n)
	}
	solved := bob.Get("/c/general?filter=solved").Body
	if !strings.Contains(solved, threadPath) || !strings.Contains(solved, "badge solved") {
		t.Error("the solved list does not show the thread as solved")
	}
	if strings.Contains(bob.Get("/c/general?filter=unanswered").Body, threadPath) {
		t.Error("an answered thread is listed as unanswered")
	}
	assertCounters(t, f)
}

// TestFormErrorKeepsText checks that a rejected form comes back filled in
// with field-level messages.
func TestFormErrorKeepsText(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	c := f.NewClient()
	c.SignUp("carol")
	c.Get("/new")
	typed := "A long, careful description that must survive a mistake in the title field."
	res := c.PostForm("/new", url.Values{"title": {""}, "subtopic": {"general"}, "tags": {"alpha", "nope"}, "body": {typed}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	for _, want := range []string{typed, "Title is required", `unknown tag &#34;nope&#34;`, `value="alpha, nope"`, `aria-invalid="true"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("re-rendered form lacks %q", want)
		}
	}
}

// TestBadWriteInput sends hostile input through the forms: every case
// is a 4xx with a message and writes nothing.
func TestBadWriteInput(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	c := f.NewClient()
	c.SignUp("dave")
	c.Get("/new")
	cases := []struct {
		name   string
		form   url.Values
		status int
		field  string
	}{
		{"too long title", url.Values{"title": {strings.Repeat("t", 201)}, "subtopic": {"general"}, "body": {"body text that is long enough"}}, 422, "Title must be at most"},
		{"empty body", url.Values{"title": {"A reasonable title"}, "subtopic": {"general"}, "body": {"   "}}, 422, "Details is required"},
		{"unknown subtopic", url.Values{"title": {"A reasonable title"}, "subtopic": {"nowhere"}, "body": {"body text that is long enough"}}, 422, "Subtopic does not exist"},
		{"too many tags", url.Values{"title": {"A reasonable title"}, "subtopic": {"general"}, "tags": {"a1", "a2", "a3", "a4", "a5", "a6"}, "body": {"body text that is long enough"}}, 422, "at most 5 tags"},
		{"invalid utf-8", url.Values{"title": {"Bad \xff\xfe bytes"}, "subtopic": {"general"}, "body": {"body text that is long enough"}}, 422, "invalid UTF-8"},
		{"NUL", url.Values{"title": {"A reasonable title"}, "subtopic": {"general"}, "body": {"body with a \x00 NUL inside"}}, 422, "NUL"},
		{"control character", url.Values{"title": {"Bell \x07 title"}, "subtopic": {"general"}, "body": {"body text that is long enough"}}, 422, "control character"},
		{"oversized body", url.Values{"title": {"A reasonable title"}, "subtopic": {"general"}, "body": {strings.Repeat("y", 2<<20)}}, 413, "Details must be at most 60000 characters"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := c.PostForm("/new", tc.form)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%.500s", res.StatusCode, tc.status, res.Body)
			}
			if !strings.Contains(res.Body, tc.field) {
				t.Errorf("response lacks %q", tc.field)
			}
		})
	}
	if n := len(threadLink.FindAllString(c.Get("/latest").Body, -1)); n != 0 {
		t.Errorf("%d threads were written by rejected requests", n)
	}
}

func assertCounters(t *testing.T, f *forumtest.Forum) {
	t.Helper()
	problems, err := f.Server.Store.CheckCounters(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

var _ = strconv.Itoa
