package httpx

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	want := map[string]string{
		"Content-Security-Policy":    DefaultCSP,
		"X-Content-Type-Options":     "nosniff",
		"Referrer-Policy":            "strict-origin-when-cross-origin",
		"X-Frame-Options":            "DENY",
		"Cross-Origin-Opener-Policy": "same-origin",
		"Permissions-Policy":         permissionsPolicy,
	}
	var sink logSink
	handlers := map[string]http.HandlerFunc{
		"200":      func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hi")) },
		"404":      http.NotFound,
		"redirect": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/x", http.StatusSeeOther) },
		"empty":    func(w http.ResponseWriter, r *http.Request) {},
		"panic":    func(w http.ResponseWriter, r *http.Request) { panic("boom") },
		"304":      func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) },
	}
	for name, hf := range handlers {
		h := Chain(hf, SecurityHeaders(""), Recover(sink.logger(), nil), Compress)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		for k, v := range want {
			if got := rec.Header().Get(k); got != v {
				t.Errorf("%s: %s = %q; want %q", name, k, got, v)
			}
		}
		if rec.Header().Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent without the option", name)
		}
	}
}

func TestSecurityHeadersCustomCSP(t *testing.T) {
	rec := httptest.NewRecorder()
	SecurityHeaders("default-src 'none'")(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if got := rec.Header().Get("Content-Security-Policy"); got != "default-src 'none'" {
		t.Fatalf("CSP %q", got)
	}
}

func TestSecurityHeadersHSTS(t *testing.T) {
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	cases := []struct {
		name string
		mw   func(http.Handler) http.Handler
		tls  bool
		fwd  string
		want string
	}{
		{"plain http", SecurityHeaders("", WithHSTS(365*24*time.Hour, false)), false, "", ""},
		{"tls", SecurityHeaders("", WithHSTS(365*24*time.Hour, false)), true, "", "max-age=31536000"},
		{"tls subdomains", SecurityHeaders("", WithHSTS(time.Hour, true)), true, "", "max-age=3600; includeSubDomains"},
		{"tls no option", SecurityHeaders(""), true, "", ""},
		{"forwarded https ignored by default", SecurityHeaders("", WithHSTS(time.Hour, false)), false, "https", ""},
		{"detector", SecurityHeaders("", WithHSTS(time.Hour, false), WithTLSDetector(func(r *http.Request) bool {
			return r.Header.Get("X-Forwarded-Proto") == "https"
		})), false, "https", "max-age=3600"},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/", nil)
		if c.tls {
			req.TLS = &tls.ConnectionState{}
		}
		if c.fwd != "" {
			req.Header.Set("X-Forwarded-Proto", c.fwd)
		}
		rec := httptest.NewRecorder()
		c.mw(ok).ServeHTTP(rec, req)
		if got := rec.Header().Get("Strict-Transport-Security"); got != c.want {
			t.Errorf("%s: HSTS %q; want %q", c.name, got, c.want)
		}
	}
}
