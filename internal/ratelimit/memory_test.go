package ratelimit

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is advanced by hand so boundaries can be hit exactly.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type step struct {
	advance time.Duration
	key     string
	ok      bool
	retry   time.Duration
}

func runSteps(t *testing.T, rule Rule, steps []step) {
	t.Helper()
	clk := newFakeClock()
	m := NewMemory(clk.Now)
	for i, s := range steps {
		clk.Advance(s.advance)
		ok, retry, err := m.Allow(context.Background(), rule, s.key)
		if err != nil || ok != s.ok || retry != s.retry {
			t.Fatalf("step %d (+%v, %q): got %v, %v, %v; want %v, %v, nil", i, s.advance, s.key, ok, retry, err, s.ok, s.retry)
		}
	}
}

func TestMemoryBoundaries(t *testing.T) {
	rule := Rule{Name: "signin", Limit: 3, Window: 10 * time.Second}
	runSteps(t, rule, []step{
		{0, "k", true, 0},                // t=0
		{2 * time.Second, "k", true, 0},  // t=2
		{3 * time.Second, "k", true, 0},  // t=5
		{0, "k", false, 5 * time.Second}, // t=5: full; t=0 ages out at 10
		{4 * time.Second, "k", false, time.Second},
		{time.Second - 1, "k", false, 1}, // t=10-1ns: one nanosecond left
		{1, "k", true, 0},                // t=10: event at 0 no longer counts
		{0, "k", false, 2 * time.Second}, // t=10: now 2,5,10 in window
		{2 * time.Second, "k", true, 0},  // t=12: 2 aged out
		{0, "k", false, 3 * time.Second}, // 5,10,12 → 5 ages out at 15
		{time.Hour, "k", true, 0},        // everything aged out
		{0, "k", true, 0},
		{0, "k", true, 0},
		{0, "k", false, 10 * time.Second}, // three at the same instant
	})
}

func TestMemoryDeniedNotRecorded(t *testing.T) {
	// Hammering while refused must not extend the lockout.
	rule := Rule{Name: "post", Limit: 1, Window: time.Minute}
	runSteps(t, rule, []step{
		{0, "u", true, 0},
		{10 * time.Second, "u", false, 50 * time.Second},
		{10 * time.Second, "u", false, 40 * time.Second},
		{39 * time.Second, "u", false, time.Second},
		{time.Second, "u", true, 0},
	})
}

func TestMemoryIndependentKeysAndRules(t *testing.T) {
	clk := newFakeClock()
	m := NewMemory(clk.Now)
	ctx := context.Background()
	signin := Rule{Name: "signin", Limit: 2, Window: time.Minute}
	signup := Rule{Name: "signup", Limit: 2, Window: time.Minute}
	for _, r := range []Rule{signin, signup} {
		for _, k := range []string{"1.2.3.4", "5.6.7.8"} {
			for i := range 2 {
				if ok, _, _ := m.Allow(ctx, r, k); !ok {
					t.Fatalf("%s/%s event %d refused", r.Name, k, i)
				}
			}
		}
	}
	for _, r := range []Rule{signin, signup} {
		for _, k := range []string{"1.2.3.4", "5.6.7.8"} {
			if ok, _, _ := m.Allow(ctx, r, k); ok {
				t.Fatalf("%s/%s third event allowed", r.Name, k)
			}
		}
	}
	// A key equal to another rule's name+key concatenation must not collide.
	a := Rule{Name: "a", Limit: 1, Window: time.Minute}
	ab := Rule{Name: "a\x00b", Limit: 1, Window: time.Minute}
	m.Allow(ctx, a, "b\x00c")
	if ok, _, _ := m.Allow(ctx, ab, "c"); !ok {
		t.Fatal("distinct (rule, key) pairs collided")
	}
}

func TestMemoryTightenedRule(t *testing.T) {
	clk := newFakeClock()
	m := NewMemory(clk.Now)
	ctx := context.Background()
	loose := Rule{Name: "r", Limit: 4, Window: 10 * time.Second}
	for range 4 {
		m.Allow(ctx, loose, "k")
		clk.Advance(time.Second)
	}
	// t=4, events at 0,1,2,3. With Limit 2 the count drops to 1 when the
	// event at 2 ages out, at t=12.
	tight := Rule{Name: "r", Limit: 2, Window: 10 * time.Second}
	if ok, retry, _ := m.Allow(ctx, tight, "k"); ok || retry != 8*time.Second {
		t.Fatalf("tightened rule: got %v, %v; want false, 8s", ok, retry)
	}
}

func TestMemoryDisabledRule(t *testing.T) {
	m := NewMemory(newFakeClock().Now)
	for _, r := range []Rule{{Name: "x"}, {Name: "x", Limit: 5}, {Name: "x", Window: time.Second}} {
		for range 100 {
			if ok, _, _ := m.Allow(context.Background(), r, "k"); !ok {
				t.Fatalf("disabled rule %+v refused", r)
			}
		}
	}
	if m.Len() != 0 {
		t.Fatalf("disabled rules created %d entries", m.Len())
	}
}

func TestMemoryClockStepsBack(t *testing.T) {
	clk := newFakeClock()
	m := NewMemory(clk.Now)
	r := Rule{Name: "r", Limit: 2, Window: 10 * time.Second}
	clk.Advance(5 * time.Second)
	m.Allow(context.Background(), r, "k")
	clk.Advance(-3 * time.Second)
	m.Allow(context.Background(), r, "k")
	// Both events are logged at t=5, so both age out at t=15.
	clk.Advance(13*time.Second - 1) // t=15-1ns
	if ok, retry, _ := m.Allow(context.Background(), r, "k"); ok || retry != 1 {
		t.Fatalf("got %v, %v; want false, 1ns", ok, retry)
	}
	clk.Advance(1)
	if ok, _, _ := m.Allow(context.Background(), r, "k"); !ok {
		t.Fatal("refused after log aged out")
	}
}

func TestMemoryConcurrentExactCount(t *testing.T) {
	m := NewMemory(newFakeClock().Now)
	rules := []Rule{
		{Name: "a", Limit: 137, Window: time.Hour},
		{Name: "b", Limit: 1, Window: time.Hour},
	}
	const goroutines, perG = 64, 40
	var allowed [2][3]atomic.Int64
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perG {
				ri, ki := (g+i)%2, i%3
				if ok, _, _ := m.Allow(context.Background(), rules[ri], fmt.Sprint("key", ki)); ok {
					allowed[ri][ki].Add(1)
				}
			}
		}()
	}
	wg.Wait()
	for ri, r := range rules {
		for ki := range 3 {
			if got := allowed[ri][ki].Load(); got != int64(r.Limit) {
				t.Errorf("rule %s key%d: %d allowed; want exactly %d", r.Name, ki, got, r.Limit)
			}
		}
	}
}

func TestMemoryEviction(t *testing.T) {
	clk := newFakeClock()
	m := NewMemory(clk.Now)
	ctx := context.Background()
	short := Rule{Name: "short", Limit: 5, Window: 10 * time.Second}
	long := Rule{Name: "long", Limit: 5, Window: time.Hour}
	for i := range 100 {
		m.Allow(ctx, short, fmt.Sprint("ip", i))
	}
	m.Allow(ctx, long, "keeper")
	if n := m.Len(); n != 101 {
		t.Fatalf("Len = %d; want 101", n)
	}
	clk.Advance(10*time.Second - 1)
	m.Sweep()
	if n := m.Len(); n != 101 {
		t.Fatalf("after sweep inside window Len = %d; want 101", n)
	}
	clk.Advance(1)
	m.Sweep()
	if n := m.Len(); n != 1 {
		t.Fatalf("after sweep past short window Len = %d; want 1 (the long-window key)", n)
	}
	// The surviving key still remembers its event.
	for range 4 {
		m.Allow(ctx, long, "keeper")
	}
	if ok, _, _ := m.Allow(ctx, long, "keeper"); ok {
		t.Fatal("evicting idle keys lost state of a live key")
	}
}

func TestMemoryLazySweep(t *testing.T) {
	clk := newFakeClock()
	m := NewMemory(clk.Now)
	ctx := context.Background()
	r := Rule{Name: "r", Limit: 1, Window: time.Second}
	for i := range 1000 {
		m.Allow(ctx, r, fmt.Sprint(i))
	}
	clk.Advance(sweepInterval)
	// Touch enough distinct keys that every shard runs its lazy sweep.
	for i := range 1000 {
		m.Allow(ctx, r, fmt.Sprint("new", i))
	}
	if n := m.Len(); n != 1000 {
		t.Fatalf("Len = %d; want 1000 (old keys swept lazily, new ones kept)", n)
	}
}

func TestOff(t *testing.T) {
	var l Limiter = Off{}
	for range 10 {
		if ok, retry, err := l.Allow(context.Background(), Rule{Name: "x", Limit: 1, Window: time.Hour}, "k"); !ok || retry != 0 || err != nil {
			t.Fatalf("Off.Allow = %v, %v, %v", ok, retry, err)
		}
	}
}

func BenchmarkMemoryAllow(b *testing.B) {
	m := NewMemory(nil)
	r := Rule{Name: "req", Limit: 600, Window: time.Minute}
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = fmt.Sprint("203.0.113.", i)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			m.Allow(context.Background(), r, keys[i%len(keys)])
			i++
		}
	})
}
