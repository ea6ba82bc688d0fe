package pagecache

import (
	"fmt"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestPutGetInvalidate(t *testing.T) {
	clk := &clock{time.Unix(1000, 0)}
	c := New(1<<20, time.Minute, clk.now)
	put := func(key string, deps ...string) {
		c.Put(key, c.Begin(deps...), &Entry{Status: 200, Body: []byte("body of " + key)})
	}
	put("/t/1", "thread:1")
	put("/c/net", "list:sub:1", "list:latest")
	put("/latest", "list:latest")
	if e, ok := c.Get("/t/1"); !ok || string(e.Body) != "body of /t/1" || e.ETag == "" {
		t.Fatalf("get /t/1 = %v, %v", e, ok)
	}
	c.Invalidate("list:latest")
	if _, ok := c.Get("/c/net"); ok {
		t.Error("/c/net survived invalidation of one of its dependencies")
	}
	if _, ok := c.Get("/latest"); ok {
		t.Error("/latest survived its invalidation")
	}
	if _, ok := c.Get("/t/1"); !ok {
		t.Error("an unrelated entry was invalidated")
	}
}

func TestPutRefusedAfterRacingInvalidation(t *testing.T) {
	c := New(1<<20, time.Minute, nil)
	ticket := c.Begin("thread:7")
	c.Invalidate("thread:7") // a write lands while the page renders
	c.Put("/t/7", ticket, &Entry{Body: []byte("stale")})
	if _, ok := c.Get("/t/7"); ok {
		t.Fatal("a response rendered across an invalidation was stored")
	}
	other := c.Begin("thread:8")
	c.Invalidate("thread:7")
	c.Put("/t/8", other, &Entry{Body: []byte("fresh")})
	if _, ok := c.Get("/t/8"); !ok {
		t.Fatal("an invalidation of another thread blocked caching")
	}
}

func TestExpiry(t *testing.T) {
	clk := &clock{time.Unix(1000, 0)}
	c := New(1<<20, 30*time.Second, clk.now)
	c.Put("/x", c.Begin(), &Entry{Body: []byte("x")})
	clk.t = clk.t.Add(29 * time.Second)
	if _, ok := c.Get("/x"); !ok {
		t.Fatal("expired too early")
	}
	clk.t = clk.t.Add(2 * time.Second)
	if _, ok := c.Get("/x"); ok {
		t.Fatal("did not expire")
	}
}

func TestSizeBound(t *testing.T) {
	c := New(64<<10, time.Minute, nil)
	for i := 0; i < 200; i++ {
		c.Put(fmt.Sprintf("/p/%d", i), c.Begin("d"), &Entry{Body: make([]byte, 1000)})
	}
	_, _, n := c.Stats()
	if n == 0 || n > 64 {
		t.Fatalf("%d entries kept in a 64 KiB cache of 1 KB bodies", n)
	}
	if _, ok := c.Get("/p/199"); !ok {
		t.Error("the newest entry was evicted")
	}
	if _, ok := c.Get("/p/0"); ok {
		t.Error("the oldest entry was kept")
	}
	c.Invalidate("d")
	if _, _, n := c.Stats(); n != 0 {
		t.Errorf("%d entries left after invalidating their shared dependency", n)
	}
}

func BenchmarkGet(b *testing.B) {
	c := New(1<<20, time.Minute, nil)
	c.Put("/c/networking", c.Begin("list"), &Entry{Body: make([]byte, 20<<10)})
	b.ReportAllocs()
	for b.Loop() {
		c.Get("/c/networking")
	}
}
