package pagecache

import (
	"strconv"
	"testing"
	"time"
)

// TestGenerationsStayBounded invalidates a million distinct threads, as a
// long-running forum does: the memory of invalidations stays bounded, and
// a response rendered across an invalidation that has since been forgotten
// is still refused.
func TestGenerationsStayBounded(t *testing.T) {
	c := New(1<<20, time.Minute, nil)
	body := func(s string) *Entry { return &Entry{Status: 200, Body: []byte(s)} }
	for i := 1; i <= 10; i++ {
		c.Put("/t/"+strconv.Itoa(i), c.Begin("thread:"+strconv.Itoa(i)), body("old"))
	}
	early := c.Begin("thread:0") // a render of thread 0 starts…
	c.Invalidate("thread:0")     // …a reply to it commits…
	const threads = 1_000_000
	for i := 1; i <= threads; i++ { // …and the forum moves on.
		c.Invalidate("thread:" + strconv.Itoa(i))
	}
	if n := c.Tracked(); n > maxTracked {
		t.Fatalf("%d dependencies remembered after %d invalidations, want at most %d", n, threads, maxTracked)
	}
	c.Put("/t/0", early, body("stale"))
	if _, ok := c.Get("/t/0"); ok {
		t.Fatal("a page rendered across an invalidation was stored after that invalidation was forgotten")
	}
	if c.Current(early) {
		t.Fatal("a ticket from before a forgotten invalidation is reported current")
	}
	for i := 1; i <= 10; i++ {
		if _, ok := c.Get("/t/" + strconv.Itoa(i)); ok {
			t.Fatalf("/t/%d survived the invalidation of its thread", i)
		}
	}
	// Caching still works for new renders, of forgotten and remembered
	// dependencies alike.
	for _, dep := range []string{"thread:1", "thread:" + strconv.Itoa(threads)} {
		tk := c.Begin(dep)
		c.Put("/"+dep, tk, body("fresh"))
		if e, ok := c.Get("/" + dep); !ok || string(e.Body) != "fresh" {
			t.Fatalf("a fresh render of %s was not cached", dep)
		}
	}
}

// TestInvalidateAll empties the cache and refuses every render that began
// before it, with or without dependencies, while later renders are cached.
func TestInvalidateAll(t *testing.T) {
	c := New(1<<20, time.Minute, nil)
	c.Put("/t/1", c.Begin("thread:1"), &Entry{Body: []byte("one")})
	c.Put("/about", c.Begin(), &Entry{Body: []byte("about")})
	before, plain := c.Begin("thread:2"), c.Begin()
	c.InvalidateAll()
	if _, _, n := c.Stats(); n != 0 {
		t.Fatalf("%d entries left", n)
	}
	if c.Current(before) || c.Current(plain) {
		t.Fatal("a ticket from before InvalidateAll is reported current")
	}
	c.Put("/t/2", before, &Entry{Body: []byte("stale")})
	c.Put("/about", plain, &Entry{Body: []byte("stale")})
	if _, ok := c.Get("/t/2"); ok {
		t.Fatal("a render begun before InvalidateAll was stored")
	}
	if _, ok := c.Get("/about"); ok {
		t.Fatal("a render without dependencies begun before InvalidateAll was stored")
	}
	c.Put("/t/2", c.Begin("thread:2"), &Entry{Body: []byte("fresh")})
	if _, ok := c.Get("/t/2"); !ok {
		t.Fatal("a render begun after InvalidateAll was not cached")
	}
	if c.Epochs() != 1 {
		t.Fatalf("Epochs() = %d", c.Epochs())
	}
}
