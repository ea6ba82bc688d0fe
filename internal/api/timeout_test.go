package api

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/identity"
)

// slowBody fails the way a request body does when the server's read
// timeout passes before it has all arrived.
type slowBody struct{}

func (slowBody) Read([]byte) (int, error) {
	return 0, &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}
}

// TestSlowBodyIsATimeout: a JSON body that arrives too slowly is answered
// 408 request_timeout, as the HTML forms answer it, not 400 "malformed
// JSON" (the client sent nothing wrong) nor 500.
func TestSlowBodyIsATimeout(t *testing.T) {
	h := newHarness(t)
	mux := http.NewServeMux()
	h.api.Routes(mux)
	stack := (&identity.Resolver{Service: h.svc, CSRF: h.csrf}).Middleware(mux)
	w := h.thread("alice", "A thread to reply to", "bob")
	for _, c := range []struct{ method, path string }{
		{"POST", "/api/threads"},
		{"POST", "/api/threads/" + itoa(w.ThreadID) + "/replies"},
		{"PATCH", "/api/posts/" + itoa(w.PostID)},
		{"POST", "/api/preview"},
		{"POST", "/api/tokens"},
	} {
		r := httptest.NewRequest(c.method, c.path, slowBody{})
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+h.users["alice"].token)
		rec := httptest.NewRecorder()
		stack.ServeHTTP(rec, r)
		if rec.Code != http.StatusRequestTimeout || !strings.Contains(rec.Body.String(), `"code":"`+CodeRequestTimeout+`"`) {
			t.Errorf("%s %s: %d %s, want 408 %s", c.method, c.path, rec.Code, rec.Body, CodeRequestTimeout)
		}
	}
}
