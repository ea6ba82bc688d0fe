package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/pagecache"
)

// flightWeb is a Web with only a page cache, and a page handler whose
// first render blocks until release is closed.
// waiting reports how many requests wait for the render of key.
func (fs *renderFlights) waiting(key string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f := fs.byKey[key]; f != nil {
		return f.waiters
	}
	return 0
}

func flightWeb(t *testing.T) (w *Web, h http.HandlerFunc, renders *atomic.Int32, release chan struct{}) {
	t.Helper()
	w = &Web{Deps: Deps{Cache: pagecache.New(1<<20, time.Minute, nil)}}
	renders, release = &atomic.Int32{}, make(chan struct{})
	h = w.cached(func(*http.Request) []string { return []string{"list:latest"} }, func(rw http.ResponseWriter, r *http.Request) {
		n := renders.Add(1)
		if n == 1 {
			<-release
		}
		fmt.Fprintf(rw, "render %d", n)
	})
	return w, h, renders, release
}

func get(h http.HandlerFunc) string {
	rec := httptest.NewRecorder()
	h(rec, httptest.NewRequest("GET", "/latest", nil))
	return rec.Body.String()
}

// waitFor polls until cond holds; it synchronizes with goroutines, it does
// not measure speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestConcurrentMissesRenderOnce(t *testing.T) {
	w, h, renders, release := flightWeb(t)
	var wg sync.WaitGroup
	bodies := make([]string, 10)
	wg.Add(1)
	go func() { defer wg.Done(); bodies[0] = get(h) }()
	waitFor(t, "the first render", func() bool { return renders.Load() == 1 })
	for i := 1; i < len(bodies); i++ {
		wg.Add(1)
		go func() { defer wg.Done(); bodies[i] = get(h) }()
	}
	waitFor(t, "the others to queue behind the render", func() bool { return w.flights.waiting("/latest") == len(bodies)-1 })
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Fatalf("%d renders for concurrent misses of one page, want 1", n)
	}
	for i, b := range bodies {
		if b != "render 1" {
			t.Fatalf("request %d got %q, want the one render", i, b)
		}
	}
}

func TestRenderOlderThanAWriteIsNotShared(t *testing.T) {
	w, h, renders, release := flightWeb(t)
	done := make(chan string)
	go func() { done <- get(h) }()
	waitFor(t, "the first render", func() bool { return renders.Load() == 1 })
	// A write commits while the first render is under way: a request
	// arriving now must not get that render.
	w.Cache.Invalidate("list:latest")
	if b := get(h); b != "render 2" {
		t.Fatalf("request after the write got %q, want its own render", b)
	}
	close(release)
	if b := <-done; b != "render 1" {
		t.Fatalf("first request got %q", b)
	}
	if b := get(h); b != "render 2" {
		t.Fatalf("cache holds %q, want the render made after the write (the older one must not be stored)", b)
	}
}

// TestCanceledRequestIsNotAnError: a visitor leaving mid-request is not a
// server error and is not logged as one.
func TestCanceledRequestIsNotAnError(t *testing.T) {
	var logged strings.Builder
	w, err := New(Deps{Service: forum.NewService(forum.Config{}),
		Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelInfo}))})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequest("GET", "/latest", nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	w.fail(rec, r, fmt.Errorf("list threads: %w", context.Canceled))
	if rec.Code == http.StatusInternalServerError || strings.Contains(logged.String(), "ERROR") {
		t.Fatalf("canceled request: status %d, log %q", rec.Code, logged.String())
	}
}

// TestCachedPagesAreCompressedOnce: a cached page served to clients that
// accept brotli or gzip is compressed once per coding, decodes to the
// identity body, carries a weak validator, and revalidates with 304.
func TestCachedPagesAreCompressedOnce(t *testing.T) {
	w := &Web{Deps: Deps{Cache: pagecache.New(1<<20, time.Minute, nil)}}
	page := strings.Repeat("<p>Requests on cellular fail with POSIX error 50.</p>\n", 200)
	h := w.cached(func(*http.Request) []string { return []string{"list:latest"} }, func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(rw, page)
	})
	do := func(accept, inm string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/latest", nil)
		if accept != "" {
			r.Header.Set("Accept-Encoding", accept)
		}
		if inm != "" {
			r.Header.Set("If-None-Match", inm)
		}
		rec := httptest.NewRecorder()
		h(rec, r)
		return rec
	}
	do("", "") // fill the cache
	for _, coding := range []string{"br", "gzip"} {
		first := do(coding, "")
		if first.Header().Get("X-Cache") != "hit" || first.Header().Get("Content-Encoding") != coding {
			t.Fatalf("%s: X-Cache %q, Content-Encoding %q", coding, first.Header().Get("X-Cache"), first.Header().Get("Content-Encoding"))
		}
		if got := decodeBody(t, coding, first.Body.Bytes()); got != page {
			t.Fatalf("%s: decoded body differs from the page", coding)
		}
		if first.Body.Len() >= len(page)/4 {
			t.Errorf("%s: %d bytes for a %d-byte repetitive page", coding, first.Body.Len(), len(page))
		}
		etag := first.Header().Get("ETag")
		if !strings.HasPrefix(etag, `W/"`) || !strings.Contains(first.Header().Get("Vary"), "Accept-Encoding") {
			t.Fatalf("%s: ETag %q, Vary %q", coding, etag, first.Header().Get("Vary"))
		}
		if second := do(coding, ""); !bytes.Equal(second.Body.Bytes(), first.Body.Bytes()) {
			t.Fatalf("%s: second hit differs from the first", coding)
		}
		if nm := do(coding, etag); nm.Code != http.StatusNotModified || nm.Header().Get("ETag") != etag {
			t.Fatalf("%s: revalidation got %d with ETag %q", coding, nm.Code, nm.Header().Get("ETag"))
		}
	}
	e, ok := w.Cache.Get("/latest")
	if !ok {
		t.Fatal("page not cached")
	}
	calls := 0
	count := func(c string, b []byte) ([]byte, error) { calls++; return nil, fmt.Errorf("must not be called") }
	for _, coding := range []string{"br", "gzip"} {
		if _, err := e.Encoded(coding, count); err != nil || calls != 0 {
			t.Fatalf("%s was compressed again (%d calls, %v)", coding, calls, err)
		}
	}
	if plain := do("", ""); plain.Header().Get("Content-Encoding") != "" || plain.Body.String() != page {
		t.Fatalf("a client without Accept-Encoding got %q", plain.Header().Get("Content-Encoding"))
	}
}

func decodeBody(t *testing.T, coding string, b []byte) string {
	t.Helper()
	var r io.Reader
	switch coding {
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", coding, err)
	}
	return string(out)
}
