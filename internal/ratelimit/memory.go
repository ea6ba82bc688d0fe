package ratelimit

import (
	"context"
	"hash/maphash"
	"sync"
	"time"
)

const (
	// numShards spreads keys over independent locks so unrelated clients do
	// not contend.
	numShards = 32
	// sweepInterval is how often each shard drops idle keys. Sweeping is lazy,
	// done by whichever Allow call first finds the interval elapsed, so a
	// Memory needs no goroutine and no shutdown.
	sweepInterval = time.Minute
)

// Memory is an in-process Limiter using a sliding-window log: for every key
// it remembers when each accepted event in the current window happened, so
// "at most Limit per Window" holds exactly for every window position, with no
// burst at window edges. Refused events are not recorded, so a client that
// keeps hammering is let through again as soon as its oldest accepted event
// ages out.
//
// Memory use is one int64 per accepted event still inside its window. A key
// whose events have all aged out carries no information, and is evicted by
// the next sweep of its shard; eviction therefore never changes a decision.
type Memory struct {
	clock  func() time.Time
	base   time.Time
	seed   maphash.Seed
	shards [numShards]shard
}

type slot struct{ rule, key string }

type shard struct {
	mu        sync.Mutex
	entries   map[slot]*entry
	nextSweep int64
}

// entry holds the accepted-event times of one (rule, key), oldest first, as
// nanoseconds since Memory.base.
type entry struct {
	times  []int64
	window int64
}

// NewMemory returns an empty Memory reading time from clock (time.Now when
// nil). Times are measured as offsets from the first reading so that, with
// time.Now, the monotonic clock is used and wall-clock jumps do not unlock or
// freeze anyone.
func NewMemory(clock func() time.Time) *Memory {
	if clock == nil {
		clock = time.Now
	}
	m := &Memory{clock: clock, base: clock(), seed: maphash.MakeSeed()}
	for i := range m.shards {
		m.shards[i].entries = make(map[slot]*entry)
		m.shards[i].nextSweep = int64(sweepInterval)
	}
	return m
}

// Allow records an event for key under rule if the rule permits it. It never
// returns an error; ctx is unused because nothing here blocks.
func (m *Memory) Allow(_ context.Context, rule Rule, key string) (bool, time.Duration, error) {
	if rule.Disabled() {
		return true, 0, nil
	}
	now := m.now()
	k := slot{rule.Name, key}
	s := &m.shards[maphash.Comparable(m.seed, k)%numShards]
	s.mu.Lock()
	defer s.mu.Unlock()
	if now >= s.nextSweep {
		s.sweep(now)
		s.nextSweep = now + int64(sweepInterval)
	}
	e := s.entries[k]
	if e == nil {
		e = &entry{}
		s.entries[k] = e
	}
	e.window = int64(rule.Window)
	e.prune(now)
	if n := len(e.times); n >= rule.Limit {
		// Under the limit again once the event that makes the count reach
		// Limit ages out. With n > Limit (the rule was tightened) that is
		// not the oldest one.
		return false, time.Duration(e.times[n-rule.Limit] + e.window - now), nil
	}
	if n := len(e.times); n > 0 && now < e.times[n-1] {
		now = e.times[n-1] // a clock that stepped back must not reorder the log
	}
	e.times = append(e.times, now)
	return true, 0, nil
}

// Sweep evicts every key with no event left in its window. Allow already
// does this per shard once a minute; Sweep exists for callers that want
// memory back at a moment of their choosing, and for tests.
func (m *Memory) Sweep() {
	now := m.now()
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		s.sweep(now)
		s.mu.Unlock()
	}
}

// Len returns the number of (rule, key) pairs currently tracked.
func (m *Memory) Len() int {
	n := 0
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		n += len(s.entries)
		s.mu.Unlock()
	}
	return n
}

func (m *Memory) now() int64 { return int64(m.clock().Sub(m.base)) }

func (s *shard) sweep(now int64) {
	for k, e := range s.entries {
		if n := len(e.times); n == 0 || e.times[n-1] <= now-e.window {
			delete(s.entries, k)
		}
	}
}

// prune drops events at or before now-window: an event counts for exactly
// one Window, so at now == t+Window the event at t no longer counts.
func (e *entry) prune(now int64) {
	cutoff := now - e.window
	i := 0
	for i < len(e.times) && e.times[i] <= cutoff {
		i++
	}
	if i == len(e.times) {
		e.times = e.times[:0] // keep the whole backing array for reuse
		return
	}
	e.times = e.times[i:]
}
