package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forumtest"
)

// TestHSTSFollowsTheBaseURL: Strict-Transport-Security is sent when the
// public URL is https (TLS ends at a proxy, so the request itself is plain
// http here), not for an http base URL, and not when --hsts is off.
func TestHSTSFollowsTheBaseURL(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"https base", map[string]string{"PARLEY_BASE_URL": "https://forum.test"}, "max-age=31536000"},
		{"https base, --hsts off", map[string]string{"PARLEY_BASE_URL": "https://forum.test", "PARLEY_HSTS": "off"}, ""},
		{"http base", map[string]string{"PARLEY_BASE_URL": "http://forum.test"}, ""},
	}
	for _, c := range cases {
		f := forumtest.Start(t, forumtest.Options{Env: c.env})
		for _, path := range []string{"/", "/nothing/here", "/api/latest"} {
			res, err := http.Get(f.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if got := res.Header.Get("Strict-Transport-Security"); got != c.want {
				t.Errorf("%s, %s: Strict-Transport-Security %q, want %q", c.name, path, got, c.want)
			}
		}
	}
}

// TestRefusalsCarrySecurityHeaders: the 403 for a cross-origin form post
// comes through the same headers as every page, and the sign-in and
// sign-up forms, which carry a token bound to the visitor's cookie, are
// never stored by a shared cache.
func TestRefusalsCarrySecurityHeaders(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	c := f.NewClient()
	req, _ := http.NewRequest(http.MethodPost, f.URL+"/signin", strings.NewReader(url.Values{"login": {"x"}, "password": {"y"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	res := c.Do(req)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d, want 403", res.StatusCode)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "X-Request-Id"} {
		if res.Header.Get(h) == "" {
			t.Errorf("cross-origin 403 has no %s", h)
		}
	}
	for _, path := range []string{"/signin", "/signup", "/signin?next=/latest"} {
		if cc := c.Get(path).Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("%s: Cache-Control %q, want private, no-store", path, cc)
		}
	}
	if cc := c.Get("/latest").Header.Get("Cache-Control"); !strings.HasPrefix(cc, "public") {
		t.Errorf("/latest: Cache-Control %q, want public", cc)
	}
}
