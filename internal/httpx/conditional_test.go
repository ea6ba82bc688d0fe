package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestCheckNotModified(t *testing.T) {
	mod := time.Date(2030, 3, 4, 5, 6, 7, 500_000_000, time.UTC) // sub-second part must not matter
	httpDate := func(t time.Time) string { return t.UTC().Format(http.TimeFormat) }
	cases := []struct {
		name    string
		method  string
		etag    string
		lastMod time.Time
		inm     []string
		ims     string
		want    bool
	}{
		{"no conditions", "GET", `"v1"`, mod, nil, "", false},
		{"etag match", "GET", `"v1"`, mod, []string{`"v1"`}, "", true},
		{"etag mismatch", "GET", `"v1"`, mod, []string{`"v2"`}, "", false},
		{"unquoted etag arg", "GET", "v1", mod, []string{`"v1"`}, "", true},
		{"weak client tag", "GET", `"v1"`, mod, []string{`W/"v1"`}, "", true},
		{"weak server tag", "GET", `W/"v1"`, mod, []string{`"v1"`}, "", true},
		{"list match", "GET", `"v3"`, mod, []string{`"v1", W/"v2", "v3"`}, "", true},
		{"list no match", "GET", `"v4"`, mod, []string{`"v1", "v2"`}, "", false},
		{"comma inside tag", "GET", `"a,b"`, mod, []string{`"x", "a,b"`}, "", true},
		{"comma tag not split", "GET", `"a"`, mod, []string{`"a,b"`}, "", false},
		{"multiple header lines", "GET", `"v2"`, mod, []string{`"v1"`, `"v2"`}, "", true},
		{"star", "GET", `"v1"`, mod, []string{"*"}, "", true},
		{"star without etag", "GET", "", mod, []string{"*"}, "", true},
		{"inm without server etag", "GET", "", mod, []string{`"v1"`}, "", false},
		{"inm mismatch beats ims match", "GET", `"v1"`, mod, []string{`"v0"`}, httpDate(mod.Add(time.Hour)), false},
		{"ims equal second", "GET", "", mod, nil, httpDate(mod), true},
		{"ims later", "GET", "", mod, nil, httpDate(mod.Add(time.Hour)), true},
		{"ims earlier", "GET", "", mod, nil, httpDate(mod.Add(-time.Second)), false},
		{"ims invalid date", "GET", "", mod, nil, "yesterday", false},
		{"ims without last-modified", "GET", `"v1"`, time.Time{}, nil, httpDate(mod), false},
		{"ims rfc850 date", "GET", "", mod, nil, mod.UTC().Format(time.RFC850), true},
		{"head", "HEAD", `"v1"`, mod, []string{`"v1"`}, "", true},
		{"post ignored", "POST", `"v1"`, mod, []string{`"v1"`}, "", false},
		{"malformed list", "GET", `"v1"`, mod, []string{`v1`}, "", false},
	}
	for _, c := range cases {
		r := httptest.NewRequest(c.method, "/", nil)
		for _, v := range c.inm {
			r.Header.Add("If-None-Match", v)
		}
		if c.ims != "" {
			r.Header.Set("If-Modified-Since", c.ims)
		}
		w := httptest.NewRecorder()
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Cache-Control", "no-cache")
		got := CheckNotModified(w, r, c.etag, c.lastMod)
		if got != c.want {
			t.Errorf("%s: got %v; want %v", c.name, got, c.want)
			continue
		}
		h := w.Header()
		if c.want {
			if w.Code != http.StatusNotModified {
				t.Errorf("%s: status %d; want 304", c.name, w.Code)
			}
			if h.Get("Content-Type") != "" {
				t.Errorf("%s: Content-Type kept on 304", c.name)
			}
			if h.Get("Cache-Control") != "no-cache" {
				t.Errorf("%s: Cache-Control dropped", c.name)
			}
		} else if w.Code != http.StatusOK || w.Body.Len() != 0 || h.Get("Content-Type") != "text/html" {
			t.Errorf("%s: response touched on a miss: %d %v", c.name, w.Code, h)
		}
		if c.etag != "" && h.Get("ETag") != normalizeETag(c.etag) {
			t.Errorf("%s: ETag %q", c.name, h.Get("ETag"))
		}
		wantLM := ""
		if !c.lastMod.IsZero() && !(c.want && c.etag != "") {
			wantLM = httpDate(mod)
		}
		if h.Get("Last-Modified") != wantLM {
			t.Errorf("%s: Last-Modified %q; want %q", c.name, h.Get("Last-Modified"), wantLM)
		}
	}
}
