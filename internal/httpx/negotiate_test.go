package httpx

import (
	"net/http"
	"testing"
)

func TestNegotiateCoding(t *testing.T) {
	cases := []struct {
		accept []string
		want   coding
	}{
		{nil, codingIdentity},
		{[]string{""}, codingIdentity},
		{[]string{"identity"}, codingIdentity},
		{[]string{"gzip"}, codingGzip},
		{[]string{"x-gzip"}, codingGzip},
		{[]string{"br"}, codingBrotli},
		{[]string{"gzip, deflate, br"}, codingBrotli},
		{[]string{"gzip, deflate, br, zstd"}, codingBrotli},
		{[]string{"br;q=0, gzip"}, codingGzip},
		{[]string{"br;q=0"}, codingIdentity},
		{[]string{"br;q=0.5, gzip;q=0.8"}, codingGzip},
		{[]string{"br;q=0.8, gzip;q=0.8"}, codingBrotli},
		{[]string{"br; q=0.9 , gzip ; Q=1.0"}, codingGzip},
		{[]string{"BR, GZIP"}, codingBrotli},
		{[]string{"*"}, codingBrotli},
		{[]string{"*;q=0"}, codingIdentity},
		{[]string{"gzip, *;q=0"}, codingGzip},
		{[]string{"br;q=0, *"}, codingGzip},
		{[]string{"deflate"}, codingIdentity},
		{[]string{"gzip;q=0, identity"}, codingIdentity},
		{[]string{"gzip;q=2"}, codingIdentity},
		{[]string{"gzip;q=abc, br;q=0.1"}, codingBrotli},
		{[]string{"gzip;q=0.001"}, codingGzip},
		{[]string{"gzip", "br;q=0.5"}, codingGzip},
		{[]string{"br;q=0.5", "gzip;q=0.4"}, codingBrotli},
		{[]string{"compress;q=0.5, gzip;q=0"}, codingIdentity},
	}
	for _, c := range cases {
		h := http.Header{}
		for _, v := range c.accept {
			h.Add("Accept-Encoding", v)
		}
		if got := negotiateCoding(h); got != c.want {
			t.Errorf("Accept-Encoding %q: got %v; want %v", c.accept, got, c.want)
		}
	}
}

func TestCompressibleType(t *testing.T) {
	yes := []string{
		"text/html", "text/html; charset=utf-8", "TEXT/HTML", "text/css", "text/javascript",
		"application/javascript", "application/json", "application/problem+json",
		"application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
		"image/svg+xml", "application/manifest+json",
	}
	no := []string{
		"", "text/event-stream", "image/png", "image/jpeg", "application/octet-stream",
		"application/zip", "font/woff2", "video/mp4", "application/gzip", "text/plain",
		"multipart/form-data", "image/svg",
	}
	for _, ct := range yes {
		if !compressibleType(ct) {
			t.Errorf("%q not compressible", ct)
		}
	}
	for _, ct := range no {
		if compressibleType(ct) {
			t.Errorf("%q compressible", ct)
		}
	}
}

func TestAddVary(t *testing.T) {
	cases := []struct{ before, after []string }{
		{nil, []string{"Accept-Encoding"}},
		{[]string{"Cookie"}, []string{"Cookie", "Accept-Encoding"}},
		{[]string{"Cookie, accept-encoding"}, []string{"Cookie, accept-encoding"}},
		{[]string{"*"}, []string{"*"}},
	}
	for _, c := range cases {
		h := http.Header{"Vary": c.before}
		addVary(h, "Accept-Encoding")
		if got := h.Values("Vary"); len(got) != len(c.after) || (len(got) > 0 && got[len(got)-1] != c.after[len(c.after)-1]) {
			t.Errorf("Vary %q → %q; want %q", c.before, got, c.after)
		}
	}
}
