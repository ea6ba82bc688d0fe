package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// TestRevisionModeration drives redacting and hiding one version through
// the API: staff only, CSRF for cookie sessions, the current version
// refused, the answer being the history after the change.
func TestRevisionModeration(t *testing.T) {
	h := newHarness(t)
	w, err := h.svc.CreateThread(context.Background(), h.users["alice"].user, forum.Client{}, forum.ThreadInput{
		Title: "Login fails behind the proxy", Subtopic: "networking", Body: "Log: user alice.smith@example.net refused"})
	if err != nil {
		t.Fatal(err)
	}
	post := itoa(w.PostID)
	h.must(http.StatusOK, req{method: "PATCH", path: "/api/posts/" + post, as: "maria", body: map[string]any{"body": "Log removed by a moderator."}})
	base := "/api/posts/" + post + "/revisions/"

	h.must(http.StatusForbidden, req{method: "POST", path: base + "1/redact", as: "alice"})
	h.must(http.StatusUnauthorized, req{method: "PUT", path: base + "1/hidden"})
	cookie, _ := h.session("carol")
	res := h.must(http.StatusForbidden, req{method: "PUT", path: base + "1/hidden", cookie: cookie})
	if code, _ := res.errorCode(t); code != CodeCSRF {
		t.Errorf("cookie without CSRF: code %q", code)
	}
	h.must(http.StatusNotFound, req{method: "POST", path: base + "9/redact", as: "carol"})
	h.must(http.StatusNotFound, req{method: "POST", path: base + "x/redact", as: "carol"})
	h.must(http.StatusUnprocessableEntity, req{method: "PUT", path: base + "2/hidden", as: "carol"})

	var revs RevisionsDTO
	h.must(http.StatusOK, req{method: "POST", path: base + "1/redact", as: "carol"}).decode(t, &revs)
	if b := revs.Revisions[0].Body; strings.Contains(b, "example.net") || !strings.Contains(b, "redacted") {
		t.Errorf("version 1 after redacting: %q", b)
	}
	h.must(http.StatusOK, req{method: "PUT", path: base + "1/hidden", as: "carol"}).decode(t, &revs)
	if r := revs.Revisions[0]; !r.Hidden || r.Body != "" {
		t.Errorf("version 1 after hiding: %+v", r)
	}
	// Signed-out readers get the hidden version without its text too.
	h.must(http.StatusOK, req{method: "GET", path: "/api/posts/" + post + "/revisions"}).decode(t, &revs)
	if r := revs.Revisions[0]; !r.Hidden || r.Body != "" || revs.Revisions[1].Hidden {
		t.Errorf("public history after hiding: %+v", revs.Revisions)
	}
	h.must(http.StatusOK, req{method: "DELETE", path: base + "1/hidden", as: "carol"}).decode(t, &revs)
	if r := revs.Revisions[0]; r.Hidden || r.Body == "" {
		t.Errorf("version 1 after showing it again: %+v", r)
	}
}
