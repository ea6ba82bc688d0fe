package httpx

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// page returns n bytes of HTML shaped like a thread page: repeated markup
// around varied prose, so it compresses about as well as real pages do.
func page(n int) []byte {
	words := strings.Fields("goroutine channel mutex deadlock context cancel select buffer " +
		"interface generic module proxy vendor build test race fuzz benchmark profile heap " +
		"stack escape inline allocation pointer slice map string rune byte error wrap panic")
	var b bytes.Buffer
	b.WriteString("<!doctype html><html><head><title>Thread</title></head><body>\n")
	seed := uint32(1)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "<article id=\"p%d\" class=\"post\"><header><a href=\"/u/user%d\">user%d</a></header><p>", i, seed%97, seed%97)
		for range 12 {
			seed = seed*1664525 + 1013904223
			b.WriteString(words[seed>>24%uint32(len(words))])
			b.WriteByte(' ')
		}
		b.WriteString("</p></article>\n")
	}
	return b.Bytes()[:n]
}

func decode(t *testing.T, enc string, body []byte) []byte {
	t.Helper()
	var r io.Reader
	switch enc {
	case "":
		return body
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("gzip header: %v", err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", enc, err)
	}
	return out
}

// serve runs h behind Compress for one request and returns the recorder.
func serve(h http.HandlerFunc, method, accept string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/", nil)
	if accept != "" {
		req.Header.Set("Accept-Encoding", accept)
	}
	rec := httptest.NewRecorder()
	Compress(h).ServeHTTP(rec, req)
	return rec
}

// writeChunks writes body in uneven pieces so buffering boundaries are hit.
func writeChunks(w io.Writer, body []byte) {
	for i, size := 0, 1; i < len(body); size = size*3 + 1 {
		end := min(i+size, len(body))
		w.Write(body[i:end])
		i = end
	}
}

func TestCompressRoundTrip(t *testing.T) {
	body := page(20 << 10)
	types := map[string]string{
		"html":    "text/html; charset=utf-8",
		"json":    "application/json",
		"atom":    "application/atom+xml",
		"svg":     "image/svg+xml",
		"sniffed": "", // net/http would sniff text/html from the doctype
	}
	for _, accept := range []string{"br", "gzip", "gzip, deflate, br", "br;q=0, gzip"} {
		want := negotiateCoding(http.Header{"Accept-Encoding": {accept}}).String()
		for name, ct := range types {
			rec := serve(func(w http.ResponseWriter, r *http.Request) {
				if ct != "" {
					w.Header().Set("Content-Type", ct)
				}
				w.Header().Set("Content-Length", fmt.Sprint(len(body)))
				writeChunks(w, body)
			}, "GET", accept)
			res := rec.Result()
			if got := res.Header.Get("Content-Encoding"); got != want {
				t.Fatalf("%s/%s: Content-Encoding %q; want %q", accept, name, got, want)
			}
			if res.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s/%s: Vary %q", accept, name, res.Header.Get("Vary"))
			}
			if res.Header.Get("Content-Length") != "" {
				t.Errorf("%s/%s: stale Content-Length kept", accept, name)
			}
			if name == "sniffed" && !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				t.Errorf("sniffed type %q; want text/html", res.Header.Get("Content-Type"))
			}
			if rec.Body.Len() >= len(body)/2 {
				t.Errorf("%s/%s: %d compressed bytes from %d", accept, name, rec.Body.Len(), len(body))
			}
			if got := decode(t, want, rec.Body.Bytes()); !bytes.Equal(got, body) {
				t.Fatalf("%s/%s: decoded body differs (%d vs %d bytes)", accept, name, len(got), len(body))
			}
		}
	}
}

func TestCompressNotApplied(t *testing.T) {
	big := page(8 << 10)
	cases := []struct {
		name   string
		method string
		accept string
		h      http.HandlerFunc
		body   []byte
		vary   bool
	}{
		{"identity client", "GET", "", htmlHandler(200, big), big, true},
		{"br q=0 only", "GET", "br;q=0", htmlHandler(200, big), big, true},
		{"tiny body", "GET", "br", htmlHandler(200, big[:1023]), big[:1023], false},
		{"tiny body many writes", "GET", "br", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			writeChunks(w, big[:1000])
		}, big[:1000], false},
		{"small Content-Length", "GET", "br", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", "0999")
			w.Write(big[:999])
		}, big[:999], false},
		{"event stream", "GET", "br", typedHandler("text/event-stream", big), big, false},
		{"png", "GET", "br", typedHandler("image/png", big), big, false},
		{"plain text", "GET", "gzip", typedHandler("text/plain; charset=utf-8", big), big, false},
		{"sniffed binary", "GET", "gzip", func(w http.ResponseWriter, r *http.Request) {
			w.Write(append([]byte("\x89PNG\r\n\x1a\n"), big...))
		}, append([]byte("\x89PNG\r\n\x1a\n"), big...), false},
		{"already encoded", "GET", "br", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(big)
		}, big, false},
		{"no-transform", "GET", "br", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Cache-Control", "public, No-Transform")
			w.Write(big)
		}, big, false},
		{"partial content", "GET", "br", htmlHandler(http.StatusPartialContent, big), big, false},
		{"no content", "GET", "br", htmlHandler(http.StatusNoContent, nil), nil, false},
		{"not modified", "GET", "br", htmlHandler(http.StatusNotModified, nil), nil, false},
		{"head", "HEAD", "br", htmlHandler(200, nil), nil, false},
		{"nothing written", "GET", "br", func(http.ResponseWriter, *http.Request) {}, nil, false},
	}
	for _, c := range cases {
		rec := serve(c.h, c.method, c.accept)
		res := rec.Result()
		if ce := res.Header.Get("Content-Encoding"); ce != "" && c.name != "already encoded" {
			t.Errorf("%s: Content-Encoding %q; want none", c.name, ce)
		}
		if !bytes.Equal(rec.Body.Bytes(), c.body) {
			t.Errorf("%s: body altered (%d bytes; want %d)", c.name, rec.Body.Len(), len(c.body))
		}
		if got := res.Header.Get("Vary") == "Accept-Encoding"; got != c.vary {
			t.Errorf("%s: Vary present=%v; want %v", c.name, got, c.vary)
		}
	}
}

func htmlHandler(status int, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write(body)
	}
}

func typedHandler(ct string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ct)
		w.Write(body)
	}
}

func TestCompressThresholdBoundary(t *testing.T) {
	for _, n := range []int{minCompressSize - 1, minCompressSize, minCompressSize + 1} {
		body := page(n)
		rec := serve(htmlHandler(200, body), "GET", "gzip")
		compressed := rec.Header().Get("Content-Encoding") == "gzip"
		if compressed != (n >= minCompressSize) {
			t.Errorf("%d bytes: compressed=%v", n, compressed)
		}
		if got := decode(t, rec.Header().Get("Content-Encoding"), rec.Body.Bytes()); !bytes.Equal(got, body) {
			t.Errorf("%d bytes: body differs", n)
		}
	}
}

func TestCompressKeepsStatusAndWeakensETag(t *testing.T) {
	body := page(4 << 10)
	rec := serve(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("ETag", `"abc"`)
		w.Header().Set("Accept-Ranges", "bytes")
		w.Header().Set("Vary", "Cookie")
		w.WriteHeader(http.StatusNotFound)
		w.Write(body)
	}, "GET", "br")
	res := rec.Result()
	if res.StatusCode != 404 || res.Header.Get("Content-Encoding") != "br" {
		t.Fatalf("status %d encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	if et := res.Header.Get("ETag"); et != `W/"abc"` {
		t.Errorf("ETag %q; want W/\"abc\"", et)
	}
	if res.Header.Get("Accept-Ranges") != "" {
		t.Error("Accept-Ranges kept on a compressed body")
	}
	if v := res.Header.Values("Vary"); len(v) != 2 || v[0] != "Cookie" || v[1] != "Accept-Encoding" {
		t.Errorf("Vary %q", v)
	}
	if got := decode(t, "br", rec.Body.Bytes()); !bytes.Equal(got, body) {
		t.Error("body differs")
	}
}

func TestCompressWeakETagUnchanged(t *testing.T) {
	rec := serve(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("ETag", `W/"abc"`)
		w.Write(page(2048))
	}, "GET", "gzip")
	if et := rec.Header().Get("ETag"); et != `W/"abc"` {
		t.Fatalf("ETag %q", et)
	}
}

func TestCompressPanicBeforeDecisionLeavesCleanResponse(t *testing.T) {
	var sink logSink
	h := Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<p>buffered, not yet sent</p>"))
		panic("boom")
	}), Recover(sink.logger(), nil), Compress)
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "buffered") || rec.Header().Get("Content-Encoding") != "" {
		t.Fatalf("got %d %q %v; want a clean plain 500", rec.Code, rec.Body.String(), rec.Header())
	}
}

func TestCompressSequentialAndConcurrentReuse(t *testing.T) {
	bodies := [][]byte{page(3000), page(50), page(70000), page(1024)}
	h := Compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var i int
		fmt.Sscan(r.URL.Query().Get("i"), &i)
		w.Header().Set("Content-Type", "text/html")
		writeChunks(w, bodies[i])
	}))
	done := make(chan struct{})
	for g := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for n := range 40 {
				i := (g + n) % len(bodies)
				req := httptest.NewRequest("GET", fmt.Sprintf("/?i=%d", i), nil)
				req.Header.Set("Accept-Encoding", []string{"br", "gzip", ""}[n%3])
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if got := decode(t, rec.Header().Get("Content-Encoding"), rec.Body.Bytes()); !bytes.Equal(got, bodies[i]) {
					t.Errorf("body %d mangled on reuse", i)
					return
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}

func BenchmarkCompress(b *testing.B) {
	body := page(20 << 10)
	h := Compress(htmlHandler(200, body))
	for _, enc := range []string{"br", "gzip", "identity"} {
		b.Run(enc, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/", nil)
			req.Header.Set("Accept-Encoding", enc)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			var out int
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				out = rec.Body.Len()
			}
			b.ReportMetric(float64(out), "out-bytes")
		})
	}
}
