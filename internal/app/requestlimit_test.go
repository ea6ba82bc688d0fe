package app_test

import (
	"net/http"
	"testing"

	"github.com/parley-forum/parley/internal/forumtest"
)

// TestRequestLimitServes checks --request-limit end to end: the overall
// per-IP limit is off by default, and when set, refuses the request past
// the limit with 429 and Retry-After while health checks still answer.
func TestRequestLimitServes(t *testing.T) {
	get := func(f *forumtest.Forum, path string) *http.Response {
		t.Helper()
		res, err := http.Get(f.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	off := forumtest.Start(t, forumtest.Options{RateLimits: true})
	for i := 0; i < 30; i++ {
		if res := get(off, "/latest"); res.StatusCode != http.StatusOK {
			t.Fatalf("default (off): request %d got %d", i+1, res.StatusCode)
		}
	}
	on := forumtest.Start(t, forumtest.Options{RateLimits: true, Env: map[string]string{"PARLEY_REQUEST_LIMIT": "3/1m"}})
	for i := 0; i < 3; i++ {
		if res := get(on, "/latest"); res.StatusCode != http.StatusOK {
			t.Fatalf("within the limit: request %d got %d", i+1, res.StatusCode)
		}
	}
	res := get(on, "/latest")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("past the limit: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	if res := get(on, "/healthz"); res.StatusCode != http.StatusOK {
		t.Fatalf("health checks are exempt: %d", res.StatusCode)
	}
}
