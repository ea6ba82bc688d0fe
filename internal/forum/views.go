package forum

import (
	"context"
	"regexp"
	"sync"
	"time"
)

// botAgents matches user agents of crawlers and tools whose page loads are
// not views by people.
var botAgents = regexp.MustCompile(`(?i)bot|crawl|spider|slurp|fetch|monitor|curl|wget|python-requests|go-http-client|headless|lighthouse|preview|feed|rss`)

// IsBot reports whether a user agent belongs to a crawler or tool.
func IsBot(userAgent string) bool { return userAgent == "" || botAgents.MatchString(userAgent) }

// ViewCounter counts a thread view once per visitor per window and writes
// counts to the store in one transaction per flush, so page views never
// write to the database. A crash loses at most the views since the last
// flush.
type ViewCounter struct {
	store   ViewStore
	window  time.Duration
	maxSeen int
	now     func() time.Time

	mu      sync.Mutex
	seen    map[viewKey]time.Time // visitor+thread -> when the view stops being deduplicated
	pending map[int64]int64
	lastErr error
	flushed time.Time
}

type viewKey struct {
	thread  int64
	visitor string
}

// NewViewCounter makes a counter with the given deduplication window.
func NewViewCounter(store ViewStore, window time.Duration, now func() time.Time) *ViewCounter {
	if now == nil {
		now = time.Now
	}
	return &ViewCounter{store: store, window: window, maxSeen: 1 << 20, now: now,
		seen: map[viewKey]time.Time{}, pending: map[int64]int64{}}
}

// Record notes that visitor viewed a thread; it reports whether the view
// counted. Bots never count.
func (c *ViewCounter) Record(threadID int64, visitor, userAgent string) bool {
	if IsBot(userAgent) || visitor == "" {
		return false
	}
	now := c.now()
	k := viewKey{threadID, visitor}
	c.mu.Lock()
	defer c.mu.Unlock()
	if until, ok := c.seen[k]; ok && now.Before(until) {
		return false
	}
	if len(c.seen) >= c.maxSeen {
		c.sweepLocked(now)
	}
	c.seen[k] = now.Add(c.window)
	c.pending[threadID]++
	return true
}

// Pending returns the views not yet flushed for a thread, so pages can
// show counts that include them.
func (c *ViewCounter) Pending(threadID int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pending[threadID]
}

// Flush writes pending counts in one transaction. On failure the counts
// are kept for the next flush.
func (c *ViewCounter) Flush(ctx context.Context) error {
	c.mu.Lock()
	batch := c.pending
	c.pending = map[int64]int64{}
	c.sweepLocked(c.now())
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := c.store.AddViews(ctx, batch)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		for id, n := range batch {
			c.pending[id] += n
		}
		c.lastErr = err
		return err
	}
	c.flushed, c.lastErr = c.now(), nil
	return nil
}

// Run flushes every interval until ctx ends, then flushes once more.
func (c *ViewCounter) Run(ctx context.Context, interval time.Duration, onErr func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := c.Flush(final); err != nil && onErr != nil {
				onErr(err)
			}
			cancel()
			return
		case <-t.C:
			if err := c.Flush(ctx); err != nil && onErr != nil {
				onErr(err)
			}
		}
	}
}

// LastFlush reports when counts last reached the database.
func (c *ViewCounter) LastFlush() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flushed
}

func (c *ViewCounter) sweepLocked(now time.Time) {
	for k, until := range c.seen {
		if !now.Before(until) {
			delete(c.seen, k)
		}
	}
	// Still full of live entries: forget them all rather than grow without
	// bound; the cost is a few double-counted views.
	if len(c.seen) >= c.maxSeen {
		c.seen = map[viewKey]time.Time{}
	}
}
