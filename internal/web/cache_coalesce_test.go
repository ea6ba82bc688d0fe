package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/pagecache"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// TestBoostFloodRendersListsOncePerWindow: a stream of boosts re-renders
// each list at most once per stale window, while a reply (a bump) or an
// accepted answer shows on the very next request.
func TestBoostFloodRendersListsOncePerWindow(t *testing.T) {
	clk := &fakeClock{time.Unix(1_700_000_000, 0)}
	w := &Web{Deps: Deps{Cache: pagecache.New(1<<20, 30*time.Second, clk.now)}}
	w.Cache.SetStaleWindow(2 * time.Second)
	renders := map[string]int{}
	page := func(deps func(*http.Request) []string) http.HandlerFunc {
		return w.cached(deps, func(rw http.ResponseWriter, r *http.Request) {
			renders[r.URL.Path]++
			fmt.Fprintf(rw, "%s render %d", r.URL.Path, renders[r.URL.Path])
		})
	}
	latest := page(depLatest)
	sub := page(func(*http.Request) []string { return []string{"list:sub:networking"} })
	thread := page(func(*http.Request) []string { return []string{"thread:7"} })
	get := func(h http.HandlerFunc, path string) {
		h(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	all := func() {
		get(latest, "/latest")
		get(sub, "/c/networking")
		get(thread, "/t/x/7")
	}
	ev := func(kind forum.EventKind) forum.Event {
		return forum.Event{Kind: kind, ThreadID: 7, PostID: 70, Subtopic: "networking", Tags: []string{"swift"}}
	}
	all()
	for i := 0; i < 500; i++ { // 500 boosts in a second
		w.Invalidate(ev(forum.EventBoost))
		clk.t = clk.t.Add(2 * time.Millisecond)
		all()
	}
	for _, p := range []string{"/latest", "/c/networking", "/t/x/7"} {
		if renders[p] != 1 {
			t.Errorf("%s rendered %d times during one window of boosts, want 1", p, renders[p])
		}
	}
	for i := 0; i < 5; i++ { // boosts go on for five more windows
		clk.t = clk.t.Add(2 * time.Second)
		for j := 0; j < 100; j++ {
			w.Invalidate(ev(forum.EventBoost))
			all()
		}
	}
	for _, p := range []string{"/latest", "/c/networking", "/t/x/7"} {
		if renders[p] > 1+5 {
			t.Errorf("%s rendered %d times in six windows of boosts, want at most 6", p, renders[p])
		}
	}
	// A reply bumps the thread: every page shows it on the next request.
	before := map[string]int{"/latest": renders["/latest"], "/c/networking": renders["/c/networking"], "/t/x/7": renders["/t/x/7"]}
	w.Invalidate(ev(forum.EventReplyCreated))
	all()
	for p, n := range before {
		if renders[p] != n+1 {
			t.Errorf("%s after a reply: %d renders, want %d (at once)", p, renders[p], n+1)
		}
	}
	// An accepted answer changes the thread page at once, list badges lazily.
	n := renders["/t/x/7"]
	w.Invalidate(ev(forum.EventAccepted))
	get(thread, "/t/x/7")
	if renders["/t/x/7"] != n+1 {
		t.Error("the thread page did not show an accepted answer at once")
	}
}
