package pagecache

import (
	"strconv"
	"testing"
	"time"
)

// TestMarkStaleServesForOneWindow: an entry marked stale is served until
// one stale window has passed since the first change it misses, however
// many changes follow; then it is a miss, and a fresh render is current.
func TestMarkStaleServesForOneWindow(t *testing.T) {
	clk := &clock{time.Unix(1000, 0)}
	c := New(1<<20, time.Minute, clk.now)
	c.SetStaleWindow(2 * time.Second)
	c.Put("/latest", c.Begin("list:latest"), &Entry{Body: []byte("v1")})
	for i := 0; i < 100; i++ {
		c.MarkStale("list:latest")
		clk.t = clk.t.Add(10 * time.Millisecond)
		if _, ok := c.Get("/latest"); !ok {
			t.Fatalf("a stale entry was dropped after %d changes, inside its window", i+1)
		}
	}
	clk.t = clk.t.Add(time.Second)
	if _, ok := c.Get("/latest"); ok {
		t.Fatal("a stale entry outlived its window")
	}
	c.Put("/latest", c.Begin("list:latest"), &Entry{Body: []byte("v2")})
	clk.t = clk.t.Add(time.Hour / 120) // 30 s: well past the window, inside the TTL
	if e, ok := c.Get("/latest"); !ok || string(e.Body) != "v2" {
		t.Fatal("a render made after the changes is not current")
	}
}

// TestPutAcrossMarkStaleIsStale: a render that began before a change
// marked stale is stored, but as stale from when it began.
func TestPutAcrossMarkStaleIsStale(t *testing.T) {
	clk := &clock{time.Unix(1000, 0)}
	c := New(1<<20, time.Minute, clk.now)
	c.SetStaleWindow(2 * time.Second)
	ticket := c.Begin("list:latest")
	c.MarkStale("list:latest")
	clk.t = clk.t.Add(time.Second)
	c.Put("/latest", ticket, &Entry{Body: []byte("rendered across a boost")})
	if !c.Current(ticket) {
		t.Error("a change marked stale made a render non-current")
	}
	if _, ok := c.Get("/latest"); !ok {
		t.Fatal("the render was not stored")
	}
	clk.t = clk.t.Add(time.Second)
	if _, ok := c.Get("/latest"); ok {
		t.Fatal("the render is served past one window from when it began")
	}
}

// TestInvalidationRecordsAreBounded: invalidating ever more threads keeps
// a bounded number of records; a render in flight when they are pruned is
// not stored, one begun after is.
func TestInvalidationRecordsAreBounded(t *testing.T) {
	c := New(1<<20, time.Minute, nil)
	old := c.Begin("thread:1")
	for i := 0; i < 3*maxTracked; i++ {
		c.Invalidate("thread:" + strconv.Itoa(i+2))
		c.MarkStale("list:tag:" + strconv.Itoa(i))
	}
	if n := c.Tracked(); n > maxTracked {
		t.Fatalf("%d invalidation records, bound %d", n, maxTracked)
	}
	c.Put("/t/1", old, &Entry{Body: []byte("rendered before the prune")})
	if _, ok := c.Get("/t/1"); ok {
		t.Error("a render begun before the records were pruned was stored")
	}
	c.Put("/t/1", c.Begin("thread:1"), &Entry{Body: []byte("fresh")})
	if _, ok := c.Get("/t/1"); !ok {
		t.Error("a render begun after the prune was refused")
	}
}
