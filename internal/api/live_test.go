package api

import (
	"net/http"
	"testing"
)

// TestLiveRequestErrors checks /api/live's refusals against the OpenAPI
// document: malformed parameters are 400 naming the field, unknown
// threads, subtopics and tags 404, and a server without live updates 503.
// Streaming itself is tested end to end in internal/app.
func TestLiveRequestErrors(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "A thread to watch live")
	thread := itoa(w.ThreadID)
	cases := []struct {
		query, code, field string
		status             int
	}{
		{"", CodeBadRequest, "", http.StatusBadRequest},
		{"?thread=" + thread + "&list=latest", CodeBadRequest, "", http.StatusBadRequest},
		{"?thread=abc", CodeBadRequest, "thread", http.StatusBadRequest},
		{"?thread=01", CodeBadRequest, "thread", http.StatusBadRequest},
		{"?list=popular", CodeBadRequest, "list", http.StatusBadRequest},
		{"?list=tags/", CodeBadRequest, "list", http.StatusBadRequest},
		{"?thread=999999", CodeNotFound, "", http.StatusNotFound},
		{"?list=c/nowhere", CodeNotFound, "", http.StatusNotFound},
		{"?list=tags/cobol", CodeNotFound, "", http.StatusNotFound},
		// Valid streams, but this API was built without a broker.
		{"?thread=" + thread, CodeUnavailable, "", http.StatusServiceUnavailable},
		{"?list=c/networking", CodeUnavailable, "", http.StatusServiceUnavailable},
		{"?list=tags/swift", CodeUnavailable, "", http.StatusServiceUnavailable},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			res := h.must(c.status, req{method: "GET", path: "/api/live" + c.query})
			code, fields := res.errorCode(t)
			if code != c.code {
				t.Fatalf("code %q, want %q", code, c.code)
			}
			if _, ok := fields[c.field]; c.field != "" && !ok {
				t.Fatalf("fields %v do not name %q", fields, c.field)
			}
		})
	}
}
