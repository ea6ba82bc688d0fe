package httpx

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// FuzzRequestHeaders drives every parser of client-controlled headers.
// None may panic, ClientIP must always produce an address when the peer is
// valid, and a reported 304 must be the status actually written.
func FuzzRequestHeaders(f *testing.F) {
	seeds := [][3]string{
		{"gzip, deflate, br", "198.51.100.7, 10.0.0.2", `"v1", W/"v2"`},
		{"br;q=0, *;q=0.5", "[2001:db8::1]:443", "*"},
		{"gzip;q=1.0001", "::ffff:1.2.3.4", `W/"`},
		{";;;,,,q=", ",,,", `"a,b", "c"`},
		{"", "", ""},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2])
	}
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::/0")}
	f.Fuzz(func(t *testing.T, accept, xff, inm string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "10.0.0.1:1234"
		r.Header.Set("Accept-Encoding", accept)
		r.Header.Set("X-Forwarded-For", xff)
		r.Header.Set("If-None-Match", inm)
		r.Header.Set("If-Modified-Since", inm)

		if c := negotiateCoding(r.Header); c > codingBrotli {
			t.Fatalf("coding %d", c)
		}
		ip := ClientIP(r, trusted)
		if !ip.IsValid() {
			t.Fatalf("ClientIP invalid for valid peer, xff %q", xff)
		}
		w := httptest.NewRecorder()
		if CheckNotModified(w, r, `"v1"`, time.Unix(1e9, 0)) && w.Code != http.StatusNotModified {
			t.Fatalf("reported 304 but wrote %d", w.Code)
		}
	})
}
