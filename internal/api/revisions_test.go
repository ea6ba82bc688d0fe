package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestRevisionsTwinBySuffix: the revisions page's JSON twin answers at
// /p/{id}/revisions.json as well as by Accept, with the same body.
func TestRevisionsTwinBySuffix(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Revisions twin by suffix")
	var bySuffix, byAccept RevisionsDTO
	h.must(http.StatusOK, req{method: "GET", path: "/p/" + itoa(w.PostID) + "/revisions.json"}).decode(t, &bySuffix)
	h.must(http.StatusOK, req{method: "GET", path: "/p/" + itoa(w.PostID) + "/revisions"}).decode(t, &byAccept)
	if bySuffix.Post.ID != w.PostID || len(bySuffix.Revisions) != 1 || byAccept.Post.ID != bySuffix.Post.ID {
		t.Errorf("by suffix %+v, by Accept %+v", bySuffix, byAccept)
	}
}

// TestRevisionsNeedSignInUnlessPublic: without --public-revisions a
// signed-out client gets 401 from the API and the page twin alike, and a
// member still reads them.
func TestRevisionsNeedSignInUnlessPublic(t *testing.T) {
	h := newHarness(t)
	h.api.PublicRevisions = false
	w := h.thread("alice", "Revisions behind sign-in")
	for _, path := range []string{"/api/posts/" + itoa(w.PostID) + "/revisions", "/p/" + itoa(w.PostID) + "/revisions", "/p/" + itoa(w.PostID) + "/revisions.json"} {
		res := h.must(http.StatusUnauthorized, req{method: "GET", path: path})
		if res.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", path)
		}
		h.must(http.StatusOK, req{method: "GET", path: path, as: "bob"})
	}
}

// TestRevisionsPaginated: the API and the page twin answer ten versions a
// page, the newest first page, oldest first within it, with links that
// reach the rest; a bad page is 422 and one past the end 404.
func TestRevisionsPaginated(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "A long history")
	for v := 2; v <= 12; v++ {
		as := "alice"
		if v%2 == 0 {
			as = "maria"
		}
		h.must(http.StatusOK, req{method: "PATCH", path: "/api/posts/" + itoa(w.PostID), as: as,
			body: map[string]any{"body": "The text as of version " + itoa(int64(v))}})
	}
	for _, base := range []string{"/api/posts/" + itoa(w.PostID) + "/revisions", "/p/" + itoa(w.PostID) + "/revisions.json"} {
		var one, two RevisionsDTO
		h.must(http.StatusOK, req{method: "GET", path: base}).decode(t, &one)
		if len(one.Revisions) != 10 || one.Revisions[0].Number != 3 || one.Revisions[9].Number != 12 || one.Total != 12 ||
			one.Page != 1 || one.Pages != 2 || one.PrevURL != nil || one.NextURL == nil || !strings.HasSuffix(*one.NextURL, base+"?page=2") {
			t.Fatalf("%s page 1: %d versions, total %d, page %d of %d, next %v", base, len(one.Revisions), one.Total, one.Page, one.Pages, one.NextURL)
		}
		h.must(http.StatusOK, req{method: "GET", path: base + "?page=2"}).decode(t, &two)
		if len(two.Revisions) != 2 || two.Revisions[0].Number != 1 || two.NextURL != nil || two.PrevURL == nil || !strings.HasSuffix(*two.PrevURL, base+"?page=1") {
			t.Errorf("%s page 2: %+v", base, two)
		}
		h.must(http.StatusUnprocessableEntity, req{method: "GET", path: base + "?page=0"})
		h.must(http.StatusUnprocessableEntity, req{method: "GET", path: base + "?page=x"})
		h.must(http.StatusNotFound, req{method: "GET", path: base + "?page=3"})
	}
}
