package api

import (
	"net/http"
	"strings"
	"testing"
)

func TestCreateThread(t *testing.T) {
	h := newHarness(t)
	res := h.must(http.StatusCreated, req{method: "POST", path: "/api/threads", as: "alice", body: map[string]any{
		"title": "Proxy settings ignored by URLSession", "subtopic": "networking", "tags": []string{"urlsession", "Swift"},
		"body": "My log says 10.0.0.12 and alice@example.org cannot connect.", "redact": true}})
	var out CreatedThreadDTO
	res.decode(t, &out)
	wantURL := testBase + "/t/proxy-settings-ignored-by-urlsession/" + itoa(out.ID)
	if out.URL != wantURL || out.Thread.URL != wantURL || res.header.Get("Location") != wantURL {
		t.Errorf("url %q, thread.url %q, Location %q; want %q", out.URL, out.Thread.URL, res.header.Get("Location"), wantURL)
	}
	if out.PostID == 0 || out.Thread.FirstPostID != out.PostID {
		t.Errorf("post_id %d, thread.first_post_id %d", out.PostID, out.Thread.FirstPostID)
	}
	if out.Redactions.Email != 1 || out.Redactions.IPv4 != 1 {
		t.Errorf("redactions %+v, want one e-mail and one IPv4", out.Redactions)
	}
	if got := strings.Join(out.Thread.Tags, ","); !strings.Contains(got, "swift") || !strings.Contains(got, "urlsession") {
		t.Errorf("tags %q", got)
	}
	if out.Thread.Author.Username != "alice" || out.Thread.Author.URL != testBase+"/u/alice" {
		t.Errorf("author %+v", out.Thread.Author)
	}
	if out.Thread.Subtopic.URL != testBase+"/c/networking" || out.Thread.AcceptedPostID != nil {
		t.Errorf("subtopic %+v accepted %v", out.Thread.Subtopic, out.Thread.AcceptedPostID)
	}
	if cc := res.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	if strings.Contains(string(res.body), "@example") || strings.Contains(string(res.body), "password") {
		t.Errorf("response leaks an address or a hash: %s", res.body)
	}
	post := h.must(http.StatusOK, req{method: "GET", path: "/api/posts/" + itoa(out.PostID)})
	var p PostDTO
	post.decode(t, &p)
	if strings.Contains(p.Body, "10.0.0.12") || strings.Contains(p.Body, "alice@example.org") {
		t.Errorf("redact=true kept private data: %q", p.Body)
	}
}

func TestCreateThreadInvalidReportsEveryField(t *testing.T) {
	h := newHarness(t)
	res := h.must(http.StatusUnprocessableEntity, req{method: "POST", path: "/api/threads", as: "alice",
		body: map[string]any{"title": "short", "subtopic": "nope", "tags": []string{"unknown"}, "body": "tiny"}})
	code, fields := res.errorCode(t)
	if code != CodeInvalid {
		t.Fatalf("code %q", code)
	}
	for _, f := range []string{"title", "subtopic", "tags", "body"} {
		if fields[f] == "" {
			t.Errorf("no message for %s in %v", f, fields)
		}
	}
}

func TestReply(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Sockets close after sleep")
	res := h.must(http.StatusCreated, req{method: "POST", path: "/api/threads/" + itoa(w.ThreadID) + "/replies", as: "bob",
		body: map[string]any{"body": "Send a keep-alive. Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789", "redact": true}})
	var out CreatedReplyDTO
	res.decode(t, &out)
	want := testBase + "/t/sockets-close-after-sleep/" + itoa(w.ThreadID) + "#post-2"
	if out.Number != 2 || out.URL != want || out.Post.URL != want || res.header.Get("Location") != want {
		t.Errorf("number %d url %q post.url %q Location %q; want #2 at %q", out.Number, out.URL, out.Post.URL, res.header.Get("Location"), want)
	}
	if out.ThreadID != w.ThreadID || out.Post.ID != out.ID || out.Post.Author.Username != "bob" {
		t.Errorf("reply %+v", out)
	}
	if out.Redactions.Bearer != 1 || strings.Contains(out.Post.Body, "abcdefghijklmnop") {
		t.Errorf("redactions %+v body %q", out.Redactions, out.Post.Body)
	}
	// A locked thread refuses members.
	if err := h.st.SetThreadFlags(t.Context(), w.ThreadID, false, true); err != nil {
		t.Fatal(err)
	}
	res = h.must(http.StatusForbidden, req{method: "POST", path: "/api/threads/" + itoa(w.ThreadID) + "/replies", as: "bob",
		body: map[string]any{"body": "Another idea"}})
	if code, _ := res.errorCode(t); code != CodeForbidden {
		t.Errorf("locked thread: code %q", code)
	}
	h.must(http.StatusCreated, req{method: "POST", path: "/api/threads/" + itoa(w.ThreadID) + "/replies", as: "maria",
		body: map[string]any{"body": "Moderators may still answer."}})
}

func TestEditPost(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Original title here")
	path := "/api/posts/" + itoa(w.PostID)
	res := h.must(http.StatusOK, req{method: "PATCH", path: path, as: "alice",
		body: map[string]any{"title": "A better title now", "body": "Clearer question body."}})
	var p PostDTO
	res.decode(t, &p)
	if p.Body != "Clearer question body." || !strings.Contains(p.URL, "/t/a-better-title-now/") {
		t.Errorf("edited post %+v", p)
	}
	if res.header.Get("Cache-Control") != "no-store" {
		t.Error("edit is cacheable")
	}
	res = h.must(http.StatusForbidden, req{method: "PATCH", path: path, as: "bob", body: map[string]any{"body": "Hijacked body text"}})
	if code, _ := res.errorCode(t); code != CodeForbidden {
		t.Errorf("code %q", code)
	}
	// Another editor's change is a new revision and marks the post edited.
	h.must(http.StatusOK, req{method: "PATCH", path: path, as: "maria", body: map[string]any{"body": "Moderator tidied this."}}).decode(t, &p)
	if p.EditedAt == nil || p.RevisionCount != 2 {
		t.Errorf("after a moderator's edit: edited_at %v, revision_count %d", p.EditedAt, p.RevisionCount)
	}
	res = h.must(http.StatusOK, req{method: "GET", path: path + "/revisions"})
	var revs RevisionsDTO
	res.decode(t, &revs)
	if len(revs.Revisions) != 2 || revs.Revisions[0].Title == nil || *revs.Revisions[0].Title != "A better title now" {
		t.Fatalf("revisions %+v", revs.Revisions)
	}
	if last := revs.Revisions[len(revs.Revisions)-1]; last.Editor.Username != "maria" || last.Body != "Moderator tidied this." {
		t.Errorf("last revision %+v", last)
	}
}

func TestRevisionsOfReplyHaveNoTitle(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Thread with a reply", "bob")
	reply := h.postID(w.ThreadID, 2)
	res := h.must(http.StatusOK, req{method: "GET", path: "/api/posts/" + itoa(reply) + "/revisions"})
	var revs RevisionsDTO
	res.decode(t, &revs)
	if len(revs.Revisions) != 1 || revs.Revisions[0].Title != nil || revs.Post.Number != 2 {
		t.Errorf("revisions %+v post %+v", revs.Revisions, revs.Post)
	}
}

func TestDeletePost(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Thread to be cleaned", "bob")
	reply := h.postID(w.ThreadID, 2)
	h.must(http.StatusForbidden, req{method: "DELETE", path: "/api/posts/" + itoa(reply), as: "alice"})
	res := h.must(http.StatusNoContent, req{method: "DELETE", path: "/api/posts/" + itoa(reply), as: "bob"})
	if len(res.body) != 0 || res.header.Get("Cache-Control") != "no-store" {
		t.Errorf("204 body %q, Cache-Control %q", res.body, res.header.Get("Cache-Control"))
	}
	h.must(http.StatusNotFound, req{method: "GET", path: "/api/posts/" + itoa(reply)})
	h.must(http.StatusNotFound, req{method: "DELETE", path: "/api/posts/" + itoa(reply), as: "bob"})
	// The thread page keeps the deleted reply's place, without its text.
	var tp ThreadPageDTO
	h.must(http.StatusOK, req{method: "GET", path: "/t/x/" + itoa(w.ThreadID)}).decode(t, &tp)
	if len(tp.Posts) != 2 || !tp.Posts[1].Deleted || tp.Posts[1].Body != "" || tp.Posts[1].HTML != "" {
		t.Errorf("posts after delete %+v", tp.Posts)
	}
	// Deleting the opening post deletes the thread.
	h.must(http.StatusNoContent, req{method: "DELETE", path: "/api/posts/" + itoa(w.PostID), as: "maria"})
	h.must(http.StatusNotFound, req{method: "GET", path: "/t/x/" + itoa(w.ThreadID)})
}

func TestPreview(t *testing.T) {
	h := newHarness(t)
	res := h.must(http.StatusOK, req{method: "POST", path: "/api/preview", as: "bob",
		body: map[string]any{"body": "**bold** from 192.168.1.20", "redact": true}})
	var out PreviewDTO
	res.decode(t, &out)
	if !strings.Contains(out.HTML, "<strong>bold</strong>") || strings.Contains(out.HTML, "192.168.1.20") {
		t.Errorf("html %q", out.HTML)
	}
	if out.Redactions.IPv4 != 1 {
		t.Errorf("redactions %+v", out.Redactions)
	}
	// Without redaction every kind is still present, as zero.
	res = h.must(http.StatusOK, req{method: "POST", path: "/api/preview", as: "bob", body: map[string]any{"body": "plain"}})
	for _, k := range []string{`"email":0`, `"ipv4":0`, `"ipv6":0`, `"mac":0`, `"bearer":0`, `"api_key":0`} {
		if !strings.Contains(string(res.body), k) {
			t.Errorf("preview without redaction lacks %s: %s", k, res.body)
		}
	}
	h.must(http.StatusUnauthorized, req{method: "POST", path: "/api/preview", body: map[string]any{"body": "x"}})
}
