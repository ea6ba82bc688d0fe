package api

import (
	"net/http"
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
