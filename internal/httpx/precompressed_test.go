package httpx

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestPreferredCoding(t *testing.T) {
	cases := []struct {
		accept, ctype string
		size          int
		want          string
	}{
		{"br, gzip", "text/html; charset=utf-8", 5000, "br"},
		{"gzip", "text/html", 5000, "gzip"},
		{"gzip;q=1, br;q=0.5", "application/json", 5000, "gzip"},
		{"", "text/html", 5000, ""},
		{"br", "image/png", 5000, ""},
		{"br", "text/html", minCompressSize - 1, ""},
		{"identity", "text/html", 5000, ""},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		if c.accept != "" {
			r.Header.Set("Accept-Encoding", c.accept)
		}
		if got := PreferredCoding(r, c.ctype, c.size); got != c.want {
			t.Errorf("PreferredCoding(%q, %q, %d) = %q, want %q", c.accept, c.ctype, c.size, got, c.want)
		}
	}
}

func TestEncodeBodyRoundTrip(t *testing.T) {
	body := []byte(strings.Repeat("netpathd: listener failed: POSIX error 57\n", 100))
	for _, coding := range []string{"br", "gzip"} {
		enc, err := EncodeBody(coding, body)
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader
		if coding == "br" {
			r = brotli.NewReader(bytes.NewReader(enc))
		} else if r, err = gzip.NewReader(bytes.NewReader(enc)); err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, body) {
			t.Fatalf("%s round trip: %v, equal %v", coding, err, bytes.Equal(got, body))
		}
	}
	if _, err := EncodeBody("zstd", body); err == nil {
		t.Fatal("an unknown coding must be refused")
	}
}
