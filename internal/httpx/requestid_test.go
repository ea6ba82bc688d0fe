package httpx

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRequestID(t *testing.T) {
	cases := []struct {
		name, in string
		keep     bool
	}{
		{"absent", "", false},
		{"valid", "abc-123_X.y", true},
		{"max length", strings.Repeat("a", 64), true},
		{"too long", strings.Repeat("a", 65), false},
		{"space", "abc def", false},
		{"newline", "abc\ninjected=1", false},
		{"quote", `abc"`, false},
		{"unicode", "idé", false},
	}
	for _, c := range cases {
		var seen string
		h := RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen = RequestIDFrom(r.Context())
		}))
		req := httptest.NewRequest("GET", "/", nil)
		if c.in != "" {
			req.Header.Set(RequestIDHeader, c.in)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if seen == "" || rec.Header().Get(RequestIDHeader) != seen {
			t.Errorf("%s: context id %q, response header %q", c.name, seen, rec.Header().Get(RequestIDHeader))
		}
		if c.keep && seen != c.in {
			t.Errorf("%s: id %q replaced by %q", c.name, c.in, seen)
		}
		if !c.keep && (seen == c.in || !validRequestID(seen) || len(seen) != 16) {
			t.Errorf("%s: got %q; want a fresh 16-character id", c.name, seen)
		}
	}
}

func TestRequestIDUnique(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := newRequestID()
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
	}
}

func TestRequestIDFromEmpty(t *testing.T) {
	if id := RequestIDFrom(httptest.NewRequest("GET", "/", nil).Context()); id != "" {
		t.Fatalf("RequestIDFrom without middleware = %q", id)
	}
}
