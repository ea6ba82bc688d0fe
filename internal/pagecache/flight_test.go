package pagecache

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestWaitRendersOnce has many concurrent misses of one page, each doing
// what the page handler does: look, wait, look again, render if still
// missing. Exactly one renders; the rest are served its entry.
func TestWaitRendersOnce(t *testing.T) {
	c := New(1<<20, time.Minute, nil)
	var renders, hits atomic.Int64
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if _, ok := c.Get("/t/1"); ok {
				hits.Add(1)
				return
			}
			_, done := c.Wait(context.Background(), "/t/1")
			defer done()
			if _, ok := c.Get("/t/1"); ok {
				hits.Add(1)
				return
			}
			renders.Add(1)
			ticket := c.Begin("thread:1")
			time.Sleep(5 * time.Millisecond) // rendering
			c.Put("/t/1", ticket, &Entry{Status: 200, Body: []byte("page")})
			done()
		}()
	}
	close(start)
	wg.Wait()
	if renders.Load() != 1 || hits.Load() != 31 {
		t.Fatalf("%d renders and %d hits, want 1 and 31", renders.Load(), hits.Load())
	}
}

// TestWaitGivesUpWithContext: a waiter whose request ends stops waiting,
// and a leader may call done twice.
func TestWaitGivesUpWithContext(t *testing.T) {
	c := New(1<<20, time.Minute, nil)
	lead, done := c.Wait(context.Background(), "k")
	if !lead {
		t.Fatal("the first caller does not lead")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if lead, _ := c.Wait(ctx, "k"); lead {
		t.Fatal("a second caller led while the first was rendering")
	}
	if ctx.Err() == nil {
		t.Fatal("Wait returned before the leader finished or the context ended")
	}
	done()
	done()
	if lead, again := c.Wait(context.Background(), "k"); !lead {
		t.Fatal("after done, the next caller does not lead")
	} else {
		again()
	}
}
