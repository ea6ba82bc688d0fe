package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/pagecache"
)

// flightWeb is a Web with only a page cache, and a page handler whose
// first render blocks until release is closed.
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
	_, h, renders, release := flightWeb(t)
	var wg sync.WaitGroup
	bodies := make([]string, 10)
	wg.Add(1)
	go func() { defer wg.Done(); bodies[0] = get(h) }()
	waitFor(t, "the first render", func() bool { return renders.Load() == 1 })
	for i := 1; i < len(bodies); i++ {
		wg.Add(1)
		go func() { defer wg.Done(); bodies[i] = get(h) }()
	}
	time.Sleep(20 * time.Millisecond) // let the others queue behind the render
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
