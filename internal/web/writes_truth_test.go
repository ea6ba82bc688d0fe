package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/faults"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

var onceValue = regexp.MustCompile(`name="once" value="([^"]+)"`)

// formKey reads the idempotency key of the first creating form on a page.
func formKey(t *testing.T, page string) string {
	t.Helper()
	m := onceValue.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the form carries no idempotency key")
	}
	return m[1]
}

// TestFormDoubleSubmitPostsOnce submits the same thread form and the same
// reply form twice (a double click, or a resubmission after a timeout):
// each is written once and both submissions land on it.
func TestFormDoubleSubmitPostsOnce(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	alice := f.NewClient()
	alice.SignUp("alice")
	form := url.Values{"title": {"Keychain prompt appears twice"}, "subtopic": {"general"}, "body": {"The prompt shows up twice on first launch."},
		"once": {formKey(t, alice.Get("/new").Body)}}
	first := alice.PostForm("/new", form)
	again := alice.PostForm("/new", form)
	if first.StatusCode != http.StatusSeeOther || again.Header.Get("Location") != first.Header.Get("Location") {
		t.Fatalf("double submit: %d %q then %d %q", first.StatusCode, first.Header.Get("Location"), again.StatusCode, again.Header.Get("Location"))
	}
	threadPath := first.Header.Get("Location")
	reply := url.Values{"body": {"Sign the build again."}, "once": {formKey(t, alice.Get(threadPath).Body)}}
	r1 := alice.PostForm(threadPath+"/reply", reply)
	r2 := alice.PostForm(threadPath+"/reply", reply)
	if r1.StatusCode != http.StatusSeeOther || r2.Header.Get("Location") != r1.Header.Get("Location") {
		t.Fatalf("double reply: %d %q then %d %q", r1.StatusCode, r1.Header.Get("Location"), r2.StatusCode, r2.Header.Get("Location"))
	}
	u, err := f.Server.Store.UserByUsername(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	if u.ThreadCount != 1 || u.ReplyCount != 1 {
		t.Errorf("alice has %d threads and %d replies after double submits, want 1 and 1", u.ThreadCount, u.ReplyCount)
	}
	// A fresh rendering of the form is a new key: a second, deliberate
	// reply is written.
	r3 := alice.PostForm(threadPath+"/reply", url.Values{"body": {"And clean the keychain."}, "once": {formKey(t, alice.Get(threadPath).Body)}})
	if r3.StatusCode != http.StatusSeeOther || r3.Header.Get("Location") == r1.Header.Get("Location") {
		t.Errorf("a new reply with a new key: %d %q", r3.StatusCode, r3.Header.Get("Location"))
	}
}

// TestFormWriteAnswersFromCommit makes reads fail from the moment a reply
// or a token commits: the reply still redirects to the new post on its
// page, and the new token's secret is still shown.
func TestFormWriteAnswersFromCommit(t *testing.T) {
	var fs *faults.Store
	f := forumtest.Start(t, forumtest.Options{WrapStore: func(st forum.Store) forum.Store {
		fs = faults.Wrap(st)
		return fs
	}})
	f.Seed()
	bob := f.NewClient()
	bob.SignUp("bob")
	res := bob.PostForm("/new", url.Values{"title": {"Widgets show stale data"}, "subtopic": {"general"}, "body": {"The timeline never reloads."}})
	threadPath := res.Header.Get("Location")
	bob.Get(threadPath)

	fs.FailReadsAfterNextWrite()
	res = bob.PostForm(threadPath+"/reply", url.Values{"body": {"Call reloadAllTimelines after the write."}})
	fs.Heal()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), threadPath+"#post-") {
		t.Fatalf("reply after its commit: %d %q\n%.300s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), threadPath+"#post-"), 10, 64)
	if p, err := f.Server.Store.Post(context.Background(), id); err != nil || p.Number != 2 {
		t.Errorf("the redirect names post %d: %+v %v", id, p, err)
	}

	bob.Get("/account")
	fs.FailReadsAfterNextWrite()
	res = bob.PostForm("/account/tokens", url.Values{"name": {"laptop"}})
	fs.Heal()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "pat_") {
		t.Errorf("token form after its commit: %d, secret shown: %v\n%.300s", res.StatusCode, strings.Contains(res.Body, "pat_"), res.Body)
	}
}

// TestFailedWriteKeepsText: a reply or an edit whose write fails (the
// database refuses writes) shows the form again with the text and says
// nothing was posted, instead of an error page.
func TestFailedWriteKeepsText(t *testing.T) {
	var fs *faults.Store
	f := forumtest.Start(t, forumtest.Options{WrapStore: func(st forum.Store) forum.Store {
		fs = faults.Wrap(st)
		return fs
	}})
	f.Seed()
	c := f.NewClient()
	c.SignUp("carla")
	res := c.PostForm("/new", url.Values{"title": {"Exports stop at midnight"}, "subtopic": {"general"}, "body": {"Every export after 00:00 is empty."}})
	threadPath := res.Header.Get("Location")
	page := c.Get(threadPath)
	postID := regexp.MustCompile(`id="post-(\d+)"`).FindStringSubmatch(page.Body)[1]
	text := "Check the time zone of the job; it runs in UTC."
	for _, path := range []string{threadPath + "/reply", "/p/" + postID + "/edit"} {
		fs.FailWrites()
		res := c.PostForm(path, url.Values{"body": {text}})
		fs.Heal()
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.Body, "so nothing was posted") || !strings.Contains(res.Body, ">"+text+"</textarea>") {
			t.Errorf("%s with writes failing: %d, message %v, text kept %v", path, res.StatusCode,
				strings.Contains(res.Body, "so nothing was posted"), strings.Contains(res.Body, ">"+text+"</textarea>"))
		}
	}
}
