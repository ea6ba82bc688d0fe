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

// TestSoftDeleteWeb walks the HTML surface: every delete asks first (the
// confirmation page without JavaScript), visitors stop seeing what was
// deleted at once (cached pages included), moderators see who deleted it
// and undo it, an author's opening post of an answered thread is
// withdrawn, and a whole thread's delete, list, purge page and restore.
func TestSoftDeleteWeb(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	f.CreateUser("mona", forum.RoleModerator, "")
	asker, answerer, mona, visitor := f.NewClient(), f.NewClient(), f.NewClient(), f.NewClient()
	asker.SignUp("asker")
	answerer.SignUp("answerer")
	mona.SignIn("mona", forumtest.Password)

	res := asker.PostForm("/new", url.Values{"title": {"Why does the resolver cache stale names?"}, "subtopic": {"general"},
		"body": {"After a network change the old addresses stay for minutes."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create thread: %d", res.StatusCode)
	}
	threadPath := res.Header.Get("Location")
	for _, body := range []string{"Flush it on the path change callback.", "Answer kept for the undo check."} {
		if res := answerer.PostForm(threadPath+"/reply", url.Values{"body": {body}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reply: %d", res.StatusCode)
		}
	}
	ids := regexp.MustCompile(`id="post-(\d+)"`).FindAllStringSubmatch(asker.Get(threadPath).Body, -1)
	opID, first, second := ids[0][1], ids[1][1], ids[2][1]
	if !strings.Contains(visitor.Get(threadPath).Body, "Flush it on the path change") {
		t.Fatal("visitor does not see the reply") // and the page is now cached
	}

	// Without confirm=1 the answer is the confirmation page; nothing goes.
	res = answerer.PostForm("/p/"+first+"/delete", url.Values{})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Delete this reply?") || !strings.Contains(res.Body, `name="confirm" value="1"`) {
		t.Fatalf("confirmation page: %d %.400s", res.StatusCode, res.Body)
	}
	if !strings.Contains(visitor.Get(threadPath).Body, "Flush it on the path change") {
		t.Fatal("an unconfirmed delete deleted")
	}
	res = answerer.PostForm("/p/"+first+"/delete", url.Values{"confirm": {"1"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Reply deleted") || strings.Contains(res.Body, "/restore") {
		t.Fatalf("member's result page (no undo for members): %d %.600s", res.StatusCode, res.Body)
	}
	page := visitor.Get(threadPath).Body
	if strings.Contains(page, "Flush it on the path change") || !strings.Contains(page, "This post was deleted.") {
		t.Fatal("visitor still sees the deleted reply")
	}
	assertCounters(t, f)

	// A moderator deletes the other reply and gets an undo.
	res = mona.PostForm("/p/"+second+"/delete", url.Values{"confirm": {"1"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `action="/p/`+second+`/restore"`) || !strings.Contains(res.Body, "Undo") {
		t.Fatalf("moderator's result page: %d %.600s", res.StatusCode, res.Body)
	}
	page = mona.Get(threadPath).Body
	if !strings.Contains(page, "This post was deleted by mona on") || !strings.Contains(page, "This post was deleted by answerer on") {
		t.Fatalf("moderators see who deleted: %.2000s", page)
	}
	if strings.Contains(visitor.Get(threadPath).Body, "deleted by") {
		t.Fatal("visitors see who deleted")
	}
	if res := mona.PostForm("/p/"+second+"/restore", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("undo: %d", res.StatusCode)
	}
	if !strings.Contains(visitor.Get(threadPath).Body, "Answer kept for the undo check.") {
		t.Fatal("restored reply not shown to visitors")
	}
	assertCounters(t, f)

	// The asker deletes their opening post: withdrawn, the thread stays.
	res = asker.PostForm("/p/"+opID+"/delete", url.Values{})
	if !strings.Contains(res.Body, "Withdraw your opening post?") {
		t.Fatalf("withdraw confirmation: %.600s", res.Body)
	}
	res = asker.PostForm("/p/"+opID+"/delete", url.Values{"confirm": {"1"}})
	if !strings.Contains(res.Body, "Opening post withdrawn") {
		t.Fatalf("withdraw result: %.600s", res.Body)
	}
	page = visitor.Get(threadPath).Body
	if strings.Contains(page, "old addresses stay for minutes") || !strings.Contains(page, "The author withdrew this post") ||
		!strings.Contains(page, "Answer kept for the undo check.") {
		t.Fatalf("withdrawn thread for visitors: %.2000s", page)
	}
	assertCounters(t, f)

	// A moderator deletes the whole thread, warned about others' replies.
	res = mona.PostForm("/p/"+opID+"/delete", url.Values{})
	if !strings.Contains(res.Body, "Delete this thread?") || !strings.Contains(res.Body, "including answers by other people") {
		t.Fatalf("thread confirmation: %.800s", res.Body)
	}
	res = mona.PostForm("/p/"+opID+"/delete", url.Values{"confirm": {"1"}})
	if !strings.Contains(res.Body, "Thread deleted") || !strings.Contains(res.Body, `action="/p/`+opID+`/restore"`) {
		t.Fatalf("thread result: %.800s", res.Body)
	}
	if res := visitor.Get(threadPath); res.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted thread for visitors: %d", res.StatusCode)
	}
	if strings.Contains(visitor.Get("/").Body, "resolver cache stale names") {
		t.Fatal("deleted thread still listed")
	}
	list := mona.Get("/admin/deleted")
	if list.StatusCode != http.StatusOK || !strings.Contains(list.Body, "resolver cache stale names") || !strings.Contains(list.Body, `by <a href="/u/mona">mona</a>`) {
		t.Fatalf("deleted list: %d %.2000s", list.StatusCode, list.Body)
	}
	if res := answerer.Get("/admin/deleted"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("deleted list for a member: %d", res.StatusCode)
	}
	res = mona.PostForm("/p/"+opID+"/purge", url.Values{})
	if !strings.Contains(res.Body, "Purge for good?") {
		t.Fatalf("purge confirmation: %.600s", res.Body)
	}
	if res := mona.PostForm("/p/"+opID+"/restore", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore thread: %d", res.StatusCode)
	}
	if res := visitor.Get(threadPath); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Answer kept for the undo check.") {
		t.Fatalf("restored thread for visitors: %d", res.StatusCode)
	}
	assertCounters(t, f)
}
