package api

import (
	"net/http"
	"testing"
	"time"
)

// TestDrafts: a draft is saved, read back, listed, replaced by text typed
// later but not by text typed earlier (another tab's slow save), is only
// its author's, is deleted by posting the reply it was for, and needs
// the page's CSRF token with a cookie session.
func TestDrafts(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "A thread to draft a reply to")
	key := "reply-" + itoa(w.ThreadID)
	path := "/api/drafts/" + key
	t0 := time.Now().Add(-time.Minute).UTC()
	var saved SavedDraftDTO
	h.must(http.StatusOK, req{method: "PUT", path: path, as: "bob", body: map[string]any{"body": "first words", "typed_at": t0.Format(time.RFC3339Nano)}}).decode(t, &saved)
	if !saved.Saved || saved.Body != "first words" || saved.Key != key {
		t.Fatalf("first save: %+v", saved)
	}
	h.must(http.StatusOK, req{method: "PUT", path: path, as: "bob", body: map[string]any{"body": "typed later", "typed_at": t0.Add(2 * time.Second).Format(time.RFC3339Nano)}}).decode(t, &saved)
	if !saved.Saved {
		t.Fatalf("later save refused: %+v", saved)
	}
	h.must(http.StatusOK, req{method: "PUT", path: path, as: "bob", body: map[string]any{"body": "typed earlier, arrived late", "typed_at": t0.Add(time.Second).Format(time.RFC3339Nano)}}).decode(t, &saved)
	if saved.Saved || saved.Body != "typed later" {
		t.Fatalf("an earlier-typed save replaced a later one: %+v", saved)
	}
	var d DraftDTO
	h.must(http.StatusOK, req{method: "GET", path: path, as: "bob"}).decode(t, &d)
	if d.Body != "typed later" {
		t.Errorf("read back %+v", d)
	}
	var list DraftsDTO
	h.must(http.StatusOK, req{method: "GET", path: "/api/drafts", as: "bob"}).decode(t, &list)
	if len(list.Drafts) != 1 || list.Drafts[0].Key != key {
		t.Errorf("list %+v", list)
	}
	h.must(http.StatusNotFound, req{method: "GET", path: path, as: "alice"})
	h.must(http.StatusUnauthorized, req{method: "GET", path: path})
	h.must(http.StatusUnprocessableEntity, req{method: "PUT", path: "/api/drafts/reply-x", as: "bob", body: map[string]any{"body": "x"}})
	h.must(http.StatusUnprocessableEntity, req{method: "PUT", path: path, as: "bob", body: map[string]any{"body": "  "}})
	h.must(http.StatusUnprocessableEntity, req{method: "PUT", path: path, as: "bob", body: map[string]any{"body": "x", "typed_at": "yesterday"}})
	cookie, csrf := h.session("bob")
	h.must(http.StatusForbidden, req{method: "PUT", path: path, cookie: cookie, body: map[string]any{"body": "no token"}})
	h.must(http.StatusOK, req{method: "PUT", path: path, cookie: cookie, csrf: csrf, body: map[string]any{"body": "from the page"}})

	// Posting the reply uses the draft up.
	h.must(http.StatusCreated, req{method: "POST", path: "/api/threads/" + itoa(w.ThreadID) + "/replies", as: "bob", body: map[string]any{"body": "from the page"}})
	h.must(http.StatusNotFound, req{method: "GET", path: path, as: "bob"})

	// A tab whose clock runs fast cannot pin its text: its time is the
	// server's, so the next save typed later still wins.
	future := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339Nano)
	h.must(http.StatusOK, req{method: "PUT", path: "/api/drafts/new-general", as: "bob", body: map[string]any{"title": "A question", "body": "", "typed_at": future}}).decode(t, &saved)
	if at, err := time.Parse(time.RFC3339Nano, saved.UpdatedAt); err != nil || at.After(time.Now()) {
		t.Errorf("a future typed_at was stored as %q", saved.UpdatedAt)
	}
	h.must(http.StatusOK, req{method: "PUT", path: "/api/drafts/new-general", as: "bob", body: map[string]any{"title": "A question, typed later", "body": ""}}).decode(t, &saved)
	if !saved.Saved {
		t.Errorf("a save after a fast-clock save was refused")
	}
	h.must(http.StatusNoContent, req{method: "DELETE", path: "/api/drafts/new-general", as: "bob"})
	h.must(http.StatusNotFound, req{method: "DELETE", path: "/api/drafts/new-general", as: "bob"})
}
