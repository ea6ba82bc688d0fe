package httpx

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// countingAllow admits the first n requests per key.
func countingAllow(n int) AllowFunc {
	seen := map[string]int{}
	return func(_ context.Context, key string) (bool, time.Duration, error) {
		seen[key]++
		return seen[key] <= n, 1500 * time.Millisecond, nil
	}
}

func TestRequestLimit(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	ip := func(r *http.Request) string { return r.Header.Get("X-Test-IP") }
	h := RequestLimit(countingAllow(2), ip)(ok)
	do := func(path, addr, accept string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		r.Header.Set("X-Test-IP", addr)
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	for i := 0; i < 2; i++ {
		if w := do("/latest", "10.0.0.1", ""); w.Code != http.StatusNoContent {
			t.Fatalf("request %d within the limit: status %d", i+1, w.Code)
		}
	}
	w := do("/latest", "10.0.0.1", "")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "2" {
		t.Fatalf("over the limit: status %d, Retry-After %q; want 429 and 2", w.Code, w.Header().Get("Retry-After"))
	}
	if w := do("/api/threads/1", "10.0.0.1", ""); w.Code != http.StatusTooManyRequests || w.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("API over the limit: status %d, type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if w := do("/latest", "10.0.0.2", ""); w.Code != http.StatusNoContent {
		t.Fatalf("another address is limited separately: status %d", w.Code)
	}
	for _, p := range []string{"/healthz", "/readyz", "/static/app.js", "/favicon.ico"} {
		if w := do(p, "10.0.0.1", ""); w.Code != http.StatusNoContent {
			t.Errorf("%s is exempt: status %d", p, w.Code)
		}
	}
}

func TestRequestLimitFailsOpen(t *testing.T) {
	broken := func(context.Context, string) (bool, time.Duration, error) {
		return false, 0, context.DeadlineExceeded
	}
	h := RequestLimit(broken, func(*http.Request) string { return "x" })(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("a failing limiter must let requests through, got %d", w.Code)
	}
}
