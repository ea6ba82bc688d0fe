package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// TestAuthorizationMatrix tries every guarded action as every kind of
// actor through the HTML forms and checks the status each must get.
func TestAuthorizationMatrix(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	f.CreateUser("stella", forum.RoleStaff, "Support Engineer")
	f.CreateUser("mona", forum.RoleModerator, "")
	f.CreateUser("ada", forum.RoleAdmin, "")

	clients := map[string]*forumtest.Client{}
	for _, name := range []string{"asker", "answerer", "member"} {
		c := f.NewClient()
		c.SignUp(name)
		clients[name] = c
	}
	for _, name := range []string{"stella", "mona", "ada"} {
		c := f.NewClient()
		c.SignIn(name, forumtest.Password)
		clients[name] = c
	}
	clients["anonymous"] = f.NewClient()

	// The asker's thread with a reply from the answerer.
	asker := clients["asker"]
	res := asker.PostForm("/new", url.Values{"title": {"How do I reset the path monitor?"}, "subtopic": {"general"}, "body": {"It keeps reporting the old interface after a change."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create thread: %d", res.StatusCode)
	}
	threadPath := res.Header.Get("Location")
	threadID := threadPath[strings.LastIndex(threadPath, "/")+1:]
	clients["answerer"].Get(threadPath)
	if res := clients["answerer"].PostForm(threadPath+"/reply", url.Values{"body": {"Cancel and restart it on each change."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.StatusCode)
	}
	// Soft delete: two more replies by the answerer, deleted by them, to
	// restore and purge.
	for _, body := range []string{"A second reply to restore later.", "A third reply to purge later."} {
		if res := clients["answerer"].PostForm(threadPath+"/reply", url.Values{"body": {body}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reply: %d", res.StatusCode)
		}
	}
	ids := regexp.MustCompile(`id="post-(\d+)"`).FindAllStringSubmatch(asker.Get(threadPath).Body, -1)
	questionID, replyID := ids[0][1], ids[1][1]
	restorable, purgeable := ids[2][1], ids[3][1]
	for _, id := range []string{restorable, purgeable} {
		if res := clients["answerer"].PostForm("/p/"+id+"/delete", url.Values{"confirm": {"1"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("delete own reply: %d", res.StatusCode)
		}
	}

	type action struct {
		name string
		path string
		form url.Values
	}
	editReply := action{"edit another's reply", "/p/" + replyID + "/edit", url.Values{"body": {"Edited by someone else."}}}
	deleteQuestion := action{"delete another's thread", "/p/" + questionID + "/delete", url.Values{}}
	recommend := action{"recommend a reply", "/p/" + replyID + "/recommend", url.Values{"on": {"1"}}}
	accept := action{"accept on someone else's thread", "/t/" + threadID + "/accept", url.Values{"post_id": {replyID}}}
	boostOwn := action{"boost own post", "/p/" + replyID + "/boost", url.Values{"on": {"1"}}}
	discard := action{"discard a draft", "/drafts/reply-" + threadID + "/discard", url.Values{"return": {threadPath}}}
	deleteQuestion = action{"delete another's thread", "/p/" + questionID + "/delete", url.Values{"confirm": {"1"}}}
	askDelete := action{"ask to delete own reply", "/p/" + replyID + "/delete", url.Values{}}
	restore := action{"restore a deleted reply", "/p/" + restorable + "/restore", url.Values{}}
	purge := action{"ask to purge a deleted reply", "/p/" + purgeable + "/purge", url.Values{}}

	cases := []struct {
		actor  string
		act    action
		noCSRF bool
		status int
	}{
		{"anonymous", editReply, false, 401},
		{"anonymous", recommend, false, 401},
		{"anonymous", accept, false, 401},
		{"member", editReply, false, 403},
		{"member", deleteQuestion, false, 403},
		{"member", recommend, false, 403},
		{"member", accept, false, 403},
		{"answerer", accept, false, 403},
		{"answerer", boostOwn, false, 403},
		{"member", editReply, true, 403},
		{"asker", accept, true, 403},
		{"stella", recommend, true, 403},
		{"stella", editReply, false, 403},
		{"stella", recommend, false, 303},
		{"mona", editReply, false, 303},
		{"ada", accept, false, 303},
		{"asker", accept, false, 303},
		{"member", boostOwn, false, 303},
		// Soft delete: deleting needs confirm=1 (else the confirmation
		// page), restoring and purging are for moderators.
		{"answerer", askDelete, false, 200},
		{"anonymous", restore, false, 401},
		{"member", restore, false, 403},
		{"answerer", restore, false, 403},
		{"stella", restore, false, 403},
		{"mona", restore, true, 403},
		{"mona", restore, false, 303},
		{"anonymous", purge, false, 401},
		{"member", purge, false, 403},
		{"stella", purge, false, 403},
		{"ada", purge, false, 200},
		{"mona", deleteQuestion, false, 200},
		{"anonymous", discard, false, 401},
		{"member", discard, true, 403},
		{"member", discard, false, 303},
	}
	for _, tc := range cases {
		name := tc.actor + ": " + tc.act.name
		if tc.noCSRF {
			name += " without CSRF token"
		}
		t.Run(name, func(t *testing.T) {
			c := clients[tc.actor]
			form := url.Values{}
			for k, v := range tc.act.form {
				form[k] = v
			}
			if tc.noCSRF {
				form.Set("csrf", "")
			}
			res := c.PostForm(tc.act.path, form)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d\n%.300s", res.StatusCode, tc.status, res.Body)
			}
		})
	}
	assertCounters(t, f)
}

// TestCrossSiteFormRefused checks a browser form posted from another
// origin is refused even with a valid session.
func TestCrossSiteFormRefused(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	c := f.NewClient()
	c.SignUp("erin")
	req, _ := http.NewRequest(http.MethodPost, f.URL+"/new", strings.NewReader(url.Values{"csrf": {c.CSRF}, "title": {"Cross-site thread title"}, "subtopic": {"general"}, "body": {"This should never be written."}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	if res := c.Do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: status %d, want 403", res.StatusCode)
	}
}
