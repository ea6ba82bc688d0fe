package forum

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// botAgents matches user agents of crawlers and tools whose page loads are
// not views by people.
var botAgents = regexp.MustCompile(`(?i)bot|crawl|spider|slurp|fetch|monitor|curl|wget|python-requests|go-http-client|headless|lighthouse|preview|feed|rss`)

// IsBot reports whether a user agent belongs to a crawler or tool.
func IsBot(userAgent string) bool { return userAgent == "" || botAgents.MatchString(userAgent) }

// ViewerKey names a visitor for view counting: the account when signed
// in, else the client network (an IPv4 address or IPv6 /64, see ClientNet)
// alone. The browser is left out on purpose: a key that included the
// User-Agent let one client count a view per made-up browser. Visitors
// behind one address share a key, so a shared office connection counts one
// anonymous view per window, the price of not being inflatable.
func ViewerKey(userID int64, ip string) string {
	if userID != 0 {
		return "u:" + strconv.FormatInt(userID, 10)
	}
	if ip == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(ClientNet(ip)))
	return "a:" + hex.EncodeToString(sum[:12])
}

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
	expiry  []seenAt              // the entries of seen in the order they expire
	head    int                   // expiry[:head] are already swept
	pending map[int64]int64
	visited int // queue entries sweeps have looked at, so tests can see a sweep's cost
}

type viewKey struct {
	thread  int64
	visitor string
}

// seenAt is one entry of the expiry queue. Every entry expires one window
// after it was recorded, so appending keeps the queue in expiry order and a
// sweep stops at the first live entry: it costs what expired, not what is
// kept.
type seenAt struct {
	key   viewKey
	until time.Time
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
	until := now.Add(c.window)
	c.seen[k] = until
	c.expiry = append(c.expiry, seenAt{k, until})
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
	if err != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		for id, n := range batch {
			c.pending[id] += n
		}
		return err
	}
	return nil
}

// tracked reports how many visitor+thread entries the counter keeps and
// how many queue entries sweeps have visited, for tests of the sweep.
func (c *ViewCounter) tracked() (seen, queued, visited int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen), len(c.expiry) - c.head, c.visited
}

// sweepLocked forgets the entries that expired, walking the queue from its
// oldest end only as far as they go.
func (c *ViewCounter) sweepLocked(now time.Time) {
	for c.head < len(c.expiry) {
		c.visited++
		if now.Before(c.expiry[c.head].until) {
			break
		}
		e := c.expiry[c.head]
		c.expiry[c.head] = seenAt{}
		c.head++
		// A key seen again after it expired was queued again; only the
		// entry that matches the map's expiry removes it.
		if until, ok := c.seen[e.key]; ok && until.Equal(e.until) {
			delete(c.seen, e.key)
		}
	}
	// Still full of live entries: forget them all rather than grow without
	// bound; the cost is a few double-counted views.
	if len(c.seen) >= c.maxSeen {
		c.seen, c.expiry, c.head = map[viewKey]time.Time{}, nil, 0
		return
	}
	// Drop the swept prefix once it is most of the slice, so the queue's
	// memory follows what it holds (amortised O(1) per entry).
	if c.head > 1024 && c.head*2 > len(c.expiry) {
		c.expiry = append([]seenAt(nil), c.expiry[c.head:]...)
		c.head = 0
	}
}

// SetWindow changes the deduplication window for views recorded from now
// on (site settings). Visitors already seen keep the window they were
// seen with; a shorter window only makes the sweep keep some entries
// longer than needed, never count a view twice within the new window.
func (c *ViewCounter) SetWindow(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	c.window = d
	c.mu.Unlock()
}

// Window is the deduplication window in force.
func (c *ViewCounter) Window() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.window
}
