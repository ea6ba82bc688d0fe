package web_test

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

var (
	hiddenField  = regexp.MustCompile(`<input type="hidden" name="(carry_[a-z]+|next)" value="([^"]*)">`)
	replyTextRe  = regexp.MustCompile(`(?s)<textarea id="reply-body"[^>]*>(.*?)</textarea>`)
	bodyTextRe   = regexp.MustCompile(`(?s)<textarea id="body"[^>]*>(.*?)</textarea>`)
	csrfInPageRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

func textareaOf(t *testing.T, re *regexp.Regexp, body string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no composer on the page:\n%.800s", body)
	}
	return strings.TrimPrefix(html.UnescapeString(m[1]), "\n")
}

// TestSignedOutReplyKeepsText: a reply posted after the session ended
// gets the sign-in form (401) carrying the text, and signing in returns
// to the thread's composer with the text restored; nothing was posted.
func TestSignedOutReplyKeepsText(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	asker := f.NewClient()
	asker.SignUp("asker")
	res := asker.PostForm("/new", url.Values{"title": {"Why does the cache miss?"}, "subtopic": {"general"}, "body": {"Every second request misses the cache."}})
	threadPath := res.Header.Get("Location")

	c := f.NewClient()
	c.SignUp("writer")
	c.Get(threadPath)
	token := c.CSRF
	// The session ends (signed out in another tab, or expired).
	c.PostForm("/signout", url.Values{})
	text := "A long answer\nwith two lines & <markup>."
	res = c.PostForm(threadPath+"/reply", url.Values{"body": {text}, "csrf": {token}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("signed-out reply: %d, want 401", res.StatusCode)
	}
	if !strings.Contains(res.Body, `action="/signin"`) || !strings.Contains(res.Body, "You were signed out before your reply was posted") {
		t.Fatalf("the answer is not a sign-in form that explains:\n%.1500s", res.Body)
	}
	form := url.Values{"login": {"writer"}, "password": {"wrong password"}}
	for _, m := range hiddenField.FindAllStringSubmatch(res.Body, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	if form.Get("carry_body") != text || form.Get("next") != threadPath+"#reply-h" {
		t.Fatalf("the sign-in form carries %q to %q", form.Get("carry_body"), form.Get("next"))
	}
	// A wrong password keeps carrying it.
	res = c.PostForm("/signin", form)
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, `name="carry_body"`) {
		t.Fatalf("wrong password: %d, carry kept %v", res.StatusCode, strings.Contains(res.Body, `name="carry_body"`))
	}
	form.Set("password", forumtest.Password)
	form.Del("csrf")
	res = c.PostForm("/signin", form)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || loc != threadPath+"?draft=resume#reply-h" {
		t.Fatalf("sign in: %d to %q, want the thread's composer resuming the draft", res.StatusCode, loc)
	}
	page := c.Get(strings.TrimSuffix(loc, "#reply-h"))
	if got := textareaOf(t, replyTextRe, page.Body); got != text {
		t.Errorf("the composer holds %q, want %q", got, text)
	}
	if !strings.Contains(page.Body, "is restored below") {
		t.Errorf("the page does not say the draft was restored")
	}
	if strings.Count(page.Body, `<article class="post`) != 1 {
		t.Errorf("something was posted while signed out")
	}
	// Posting it uses the draft up: the next visit offers nothing.
	if res := c.PostForm(threadPath+"/reply", url.Values{"body": {text}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	if page := c.Get(threadPath); strings.Contains(page.Body, "unsent draft") || textareaOf(t, replyTextRe, page.Body) != "" {
		t.Errorf("the posted reply's draft is still offered")
	}
}

// TestExpiredFormKeepsText: after signing in again in another tab, the
// old page's token no longer matches; posting from it shows the form
// again with the text, a fresh token and a message (403), for a new
// thread, a reply and an edit.
func TestExpiredFormKeepsText(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	c := f.NewClient()
	c.SignUp("tabby")
	res := c.PostForm("/new", url.Values{"title": {"Where do timeouts come from?"}, "subtopic": {"general"}, "body": {"Requests time out after exactly 30 s."}})
	threadPath := res.Header.Get("Location")
	page := c.Get(threadPath)
	postID := regexp.MustCompile(`id="post-(\d+)"`).FindStringSubmatch(page.Body)[1]

	for _, tc := range []struct {
		name, open, action string
		form               url.Values
		text               *regexp.Regexp
	}{
		{"new thread", "/new", "/new", url.Values{"title": {"A second question here"}, "subtopic": {"general"}, "body": {"Typed in the old tab.\nSecond line."}}, bodyTextRe},
		{"reply", threadPath, threadPath + "/reply", url.Values{"body": {"Typed in the old tab.\nSecond line."}}, replyTextRe},
		{"edit", "/p/" + postID + "/edit", "/p/" + postID + "/edit", url.Values{"body": {"Typed in the old tab.\nSecond line."}}, bodyTextRe},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.Get(tc.open)
			old := c.CSRF
			c.SignIn("tabby", forumtest.Password) // another tab
			tc.form.Set("csrf", old)
			res := c.PostForm(tc.action, tc.form)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("stale token: %d, want 403", res.StatusCode)
			}
			if !strings.Contains(res.Body, "This form had expired, so nothing was posted") {
				t.Errorf("no message about the expired form")
			}
			if got := textareaOf(t, tc.text, res.Body); got != tc.form.Get("body") {
				t.Errorf("the form holds %q, want the text", got)
			}
			fresh := csrfInPageRe.FindStringSubmatch(res.Body)
			if fresh == nil || fresh[1] == old {
				t.Fatalf("the form has no fresh token")
			}
			tc.form.Set("csrf", c.CSRF)
			if res := c.PostForm(tc.action, tc.form); res.StatusCode != http.StatusSeeOther {
				t.Errorf("posting again from the form: %d\n%.500s", res.StatusCode, res.Body)
			}
		})
	}
}

// TestOversizedReplyKeepsText: a reply over the 1 MB request limit shows
// the thread's composer with what arrived and the character limit's
// "too long" error, as the new-thread form does (TestBadWriteInput).
func TestOversizedReplyKeepsText(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	c := f.NewClient()
	c.SignUp("paster")
	res := c.PostForm("/new", url.Values{"title": {"A thread for a huge paste"}, "subtopic": {"general"}, "body": {"Paste the whole log below, please."}})
	threadPath := res.Header.Get("Location")
	c.Get(threadPath)
	// Fields in page order, as a browser sends them: the token first.
	huge := "log line ✓ " + strings.Repeat("é", 700_000)
	raw := "csrf=" + url.QueryEscape(c.CSRF) + "&body=" + url.QueryEscape(huge)
	req, _ := http.NewRequest(http.MethodPost, f.URL+threadPath+"/reply", strings.NewReader(raw))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res = c.Do(req)
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized reply: %d, want 413", res.StatusCode)
	}
	if !strings.Contains(res.Body, "Reply must be at most 60000 characters") {
		t.Errorf("no inline too-long error on the reply")
	}
	got := textareaOf(t, replyTextRe, res.Body)
	if len(got) < 100_000 || !strings.HasPrefix(huge, got) {
		t.Errorf("the composer holds %d bytes that are not the start of the text", len(got))
	}
}

// TestComposersOfferTheirDrafts: the question composer of a subtopic and
// the edit form offer their own drafts and restore them on request; the
// question's draft is used up by posting it.
func TestComposersOfferTheirDrafts(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	c := f.NewClient()
	c.SignUp("drafty")
	me, err := f.Server.Store.UserByUsername(context.Background(), "drafty")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := f.Service().SaveDraft(ctx, me, "new-general", forum.DraftInput{Title: "Half-written question title", Body: "What I have so far."}); err != nil {
		t.Fatal(err)
	}
	if page := c.Get("/new"); strings.Contains(page.Body, "unsent draft") {
		t.Errorf("the composer without a subtopic offers the subtopic's draft")
	}
	page := c.Get("/new?subtopic=general")
	if !strings.Contains(page.Body, "unsent draft") || !strings.Contains(page.Body, `href="/new?draft=resume&amp;subtopic=general"`) {
		t.Fatalf("the subtopic's composer does not offer its draft:\n%.2000s", page.Body)
	}
	page = c.Get("/new?draft=resume&subtopic=general")
	if !strings.Contains(page.Body, `value="Half-written question title"`) || textareaOf(t, bodyTextRe, page.Body) != "What I have so far." {
		t.Errorf("resuming does not fill the question's title and body")
	}
	res := c.PostForm("/new", url.Values{"title": {"Half-written question title"}, "subtopic": {"general"}, "draft": {"new-general"},
		"body": {"What I have so far, and the rest."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post: %d", res.StatusCode)
	}
	if _, err := f.Service().Draft(ctx, me, "new-general"); !errors.Is(err, forum.ErrNotFound) {
		t.Errorf("the question's draft outlived the question: %v", err)
	}
	page = c.Get(res.Header.Get("Location"))
	postID := regexp.MustCompile(`id="post-(\d+)"`).FindStringSubmatch(page.Body)[1]
	key := "edit-" + postID
	if _, _, err := f.Service().SaveDraft(ctx, me, key, forum.DraftInput{Body: "An edit in progress."}); err != nil {
		t.Fatal(err)
	}
	page = c.Get("/p/" + postID + "/edit")
	if !strings.Contains(page.Body, "unsent draft") || textareaOf(t, bodyTextRe, page.Body) != "What I have so far, and the rest." {
		t.Errorf("the edit form does not offer its draft beside the post's text")
	}
	page = c.Get("/p/" + postID + "/edit?draft=resume")
	if textareaOf(t, bodyTextRe, page.Body) != "An edit in progress." {
		t.Errorf("resuming the edit's draft does not fill the form")
	}
	// Discarding returns to the form without the offer.
	res = c.PostForm("/drafts/"+key+"/discard", url.Values{"return": {"/p/" + postID + "/edit"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/p/"+postID+"/edit" {
		t.Fatalf("discard: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if page := c.Get("/p/" + postID + "/edit"); strings.Contains(page.Body, "unsent draft") {
		t.Errorf("a discarded draft is still offered")
	}
}
