package web

import "testing"

// TestLocalTarget: redirect targets from forms are rebuilt paths on this
// site; anything a browser could read as another origin is refused.
func TestLocalTarget(t *testing.T) {
	refused := []string{
		"", "https://evil.example/", "http:evil.example", "//evil.example", "///evil.example",
		"/\\evil.example", "\\\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example",
		"/%09/evil.example", "/%0a/evil.example", "/%0D%0ASet-Cookie:%20x=1", "/%5C/evil.example", "/%5cevil.example",
		"/%2F/evil.example", "/%2f%2fevil.example", "%2F%2Fevil.example", " /latest", "\x00/latest", "/latest\x7f",
		"javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "evil.example", "latest",
		"//user@evil.example", "https:/evil.example", "/latest#\tx", "/latest#%09x",
		"/" + string(make([]byte, 3000)),
	}
	for _, raw := range refused {
		if got, ok := localTarget(raw); ok {
			t.Errorf("localTarget(%q) = %q, want refused", raw, got)
		}
	}
	kept := map[string]string{
		"/":                            "/",
		"/latest":                      "/latest",
		"/latest?sort=views&order=asc": "/latest?sort=views&order=asc",
		"/t/cellular-fails/42#post-7":  "/t/cellular-fails/42#post-7",
		"/c/networking?after=abc_-":    "/c/networking?after=abc_-",
		"/search?q=a b\"<x>":           "/search?q=a%20b%22%3Cx%3E",
		"/tags/c%2B%2B":                "/tags/c%2B%2B",
		"/u/ada lovelace":              "/u/ada%20lovelace",
		"/./evil.example":              "/./evil.example", // http.Redirect cleans it to /evil.example, a local path
		"/p/3/revisions?page=2#top":    "/p/3/revisions?page=2#top",
		"/t/x/1?next=//evil.example":   "/t/x/1?next=//evil.example", // a query is not an authority
		"/caf\u00e9":                   "/caf%C3%A9",
	}
	for raw, want := range kept {
		if got, ok := localTarget(raw); !ok || got != want {
			t.Errorf("localTarget(%q) = %q, %v; want %q", raw, got, ok, want)
		}
	}
}
