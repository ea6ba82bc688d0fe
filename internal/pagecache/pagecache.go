// Package pagecache keeps rendered responses for signed-out visitors so a
// popular page is built once and served from memory until a write changes
// it. Entries carry dependency keys ("thread:42", "list:latest", …);
// writes invalidate exactly the keys they touch. It imports nothing of
// parley's.
package pagecache

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
	"time"
)

// Entry is one cached response.
type Entry struct {
	Status  int
	Header  http.Header
	Body    []byte
	ETag    string
	deps    []string
	key     string
	size    int
	expires time.Time

	encMu   sync.Mutex
	encoded map[string][]byte // Body in a content coding, made on first use
}

// Encoded returns Body in coding, made by encode the first time and kept
// with the entry, so a page served compressed a thousand times is
// compressed once.
func (e *Entry) Encoded(coding string, encode func(coding string, body []byte) ([]byte, error)) ([]byte, error) {
	e.encMu.Lock()
	defer e.encMu.Unlock()
	if b, ok := e.encoded[coding]; ok {
		return b, nil
	}
	b, err := encode(coding, e.Body)
	if err != nil {
		return nil, err
	}
	if e.encoded == nil {
		e.encoded = map[string][]byte{}
	}
	e.encoded[coding] = b
	return b, nil
}

// Cache is a size-bounded LRU of entries with dependency invalidation.
type Cache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	entries  map[string]*list.Element
	lru      *list.List
	byDep    map[string]map[string]struct{}
	// depGen dates the invalidations of each dependency. A response
	// rendered while one of its dependencies was invalidated may be stale,
	// so Put refuses it.
	depGen       *generations
	epochs       uint64 // InvalidateAll calls
	ttl          time.Duration
	now          func() time.Time
	hits, misses uint64
}

// New makes a cache holding at most maxBytes of bodies; entries also
// expire after ttl so slowly changing numbers (views) refresh.
func New(maxBytes int, ttl time.Duration, now func() time.Time) *Cache {
	if now == nil {
		now = time.Now
	}
	return &Cache{maxBytes: maxBytes, ttl: ttl, now: now, entries: map[string]*list.Element{}, lru: list.New(),
		byDep: map[string]map[string]struct{}{}, depGen: newGenerations(maxTrackedDeps)}
}

// Get returns a cached entry.
func (c *Cache) Get(key string) (*Entry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		c.misses++
		return nil, false
	}
	e := el.Value.(*Entry)
	if c.now().After(e.expires) {
		c.removeLocked(el)
		c.misses++
		return nil, false
	}
	c.hits++
	c.lru.MoveToFront(el)
	return e, true
}

// Ticket records when rendering began, on the cache's invalidation clock.
type Ticket struct {
	deps  []string
	begun uint64
}

// Begin takes a ticket for a response that depends on deps; pass it to
// Put after rendering.
func (c *Cache) Begin(deps ...string) Ticket {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Ticket{deps: deps, begun: c.depGen.clock}
}

// Current reports whether none of the ticket's dependencies has been
// invalidated since Begin: a response rendered under it shows every write
// committed so far.
func (c *Cache) Current(t Ticket) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.depGen.stale(t.begun, t.deps)
}

// Put stores a response under key unless one of the ticket's
// dependencies was invalidated since Begin.
func (c *Cache) Put(key string, t Ticket, e *Entry) {
	deps := t.deps
	if len(e.Body) > c.maxBytes/8 {
		return
	}
	if e.ETag == "" {
		sum := sha256.Sum256(e.Body)
		e.ETag = `"` + hex.EncodeToString(sum[:12]) + `"`
	}
	e.key, e.deps, e.size = key, deps, len(e.Body)+len(key)+256
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.depGen.stale(t.begun, deps) {
		return
	}
	if old, ok := c.entries[key]; ok {
		c.removeLocked(old)
	}
	e.expires = c.now().Add(c.ttl)
	c.entries[key] = c.lru.PushFront(e)
	c.bytes += e.size
	for _, d := range deps {
		set := c.byDep[d]
		if set == nil {
			set = map[string]struct{}{}
			c.byDep[d] = set
		}
		set[key] = struct{}{}
	}
	for c.bytes > c.maxBytes && c.lru.Len() > 0 {
		c.removeLocked(c.lru.Back())
	}
}

// Invalidate drops every entry that depends on any of deps.
func (c *Cache) Invalidate(deps ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, d := range deps {
		c.depGen.bump(d)
		for key := range c.byDep[d] {
			if el, ok := c.entries[key]; ok {
				c.removeLocked(el)
			}
		}
		delete(c.byDep, d)
	}
}

// InvalidateAll drops every entry and refuses every response whose
// rendering began before the call: for when this node may have missed
// invalidations it cannot name (its event bus was disconnected), so no
// page older than the call is served after it.
func (c *Cache) InvalidateAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.depGen.bumpAll()
	c.epochs++
	clear(c.entries)
	clear(c.byDep)
	c.lru.Init()
	c.bytes = 0
}

// Epochs reports how many times InvalidateAll emptied the cache.
func (c *Cache) Epochs() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.epochs
}

// Stats reports hits, misses and the number of entries.
func (c *Cache) Stats() (hits, misses uint64, entries int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses, len(c.entries)
}

func (c *Cache) removeLocked(el *list.Element) {
	e := el.Value.(*Entry)
	c.lru.Remove(el)
	delete(c.entries, e.key)
	c.bytes -= e.size
	for _, d := range e.deps {
		if set := c.byDep[d]; set != nil {
			delete(set, e.key)
			if len(set) == 0 {
				delete(c.byDep, d)
			}
		}
	}
}
