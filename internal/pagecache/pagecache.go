// Package pagecache keeps rendered responses for signed-out visitors so a
// popular page is built once and served from memory until a write changes
// it. Entries carry dependency keys ("thread:42", "list:latest", …);
// writes invalidate exactly the keys they touch, either at once
// (Invalidate: the entry is gone) or lazily (MarkStale: the entry may be
// served for one more stale window, then it is rendered again), so a flood
// of small changes costs at most one render per page per window. It
// imports nothing of parley's.
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
	Status int
	Header http.Header
	Body   []byte
	ETag   string
	// Parsed is what the cache's user made of Body once, kept with it
	// (web: the slots of a shared signed-in rendering); never read here.
	Parsed  any
	deps    []string
	key     string
	size    int
	expires time.Time
	// staleSince is when a change this entry does not show was marked
	// (MarkStale); zero while it is current.
	staleSince time.Time

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

// DefaultStaleWindow is how long an entry marked stale is still served.
const DefaultStaleWindow = 2 * time.Second

// maxTracked bounds the invalidation records kept per dependency. They
// only matter to renders in flight, so when there are more (one per
// thread ever written to) they are dropped together and renders begun
// before that are not stored.
const maxTracked = 50_000

// Cache is a size-bounded LRU of entries with dependency invalidation.
type Cache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	entries  map[string]*list.Element
	lru      *list.List
	byDep    map[string]map[string]struct{}
	// gen counts invalidations of any kind. lastInv and lastSoft hold the
	// gen of each dependency's latest Invalidate and MarkStale, so Put can
	// tell whether a response was rendered across one: after Invalidate it
	// is refused, after MarkStale it is stored already stale. Tickets
	// older than floor are refused (the records were pruned).
	gen          uint64
	lastInv      map[string]uint64
	lastSoft     map[string]uint64
	floor        uint64
	epochs       uint64 // InvalidateAll calls
	ttl          time.Duration
	stale        time.Duration
	now          func() time.Time
	hits, misses uint64
}

// New makes a cache holding at most maxBytes of bodies; entries also
// expire after ttl so slowly changing numbers (views) refresh.
func New(maxBytes int, ttl time.Duration, now func() time.Time) *Cache {
	if now == nil {
		now = time.Now
	}
	return &Cache{maxBytes: maxBytes, ttl: ttl, stale: min(DefaultStaleWindow, ttl), now: now, entries: map[string]*list.Element{},
		lru: list.New(), byDep: map[string]map[string]struct{}{}, lastInv: map[string]uint64{}, lastSoft: map[string]uint64{}}
}

// SetStaleWindow sets how long an entry marked stale is still served.
func (c *Cache) SetStaleWindow(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stale = d
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
	now := c.now()
	if now.After(e.expires) || (!e.staleSince.IsZero() && now.Sub(e.staleSince) >= c.stale) {
		c.removeLocked(el)
		c.misses++
		return nil, false
	}
	c.hits++
	c.lru.MoveToFront(el)
	return e, true
}

// Ticket records when a render began, in invalidations and in time.
type Ticket struct {
	deps []string
	gen  uint64
	at   time.Time
}

// Begin takes a ticket for a response that depends on deps; pass it to
// Put after rendering.
func (c *Cache) Begin(deps ...string) Ticket {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Ticket{deps: deps, gen: c.gen, at: c.now()}
}

// Current reports whether none of the ticket's dependencies has been
// invalidated since Begin: a response rendered under it shows every write
// committed so far, except changes marked stale (which may lag by one
// stale window).
func (c *Cache) Current(t Ticket) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.currentLocked(t)
}

func (c *Cache) currentLocked(t Ticket) bool {
	if t.gen < c.floor {
		return false
	}
	for _, d := range t.deps {
		if c.lastInv[d] > t.gen {
			return false
		}
	}
	return true
}

// Put stores a response under key unless one of the ticket's
// dependencies was invalidated since Begin. If one was marked stale since
// then, the entry is stored as stale from the moment rendering began.
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
	if !c.currentLocked(t) {
		return
	}
	for _, d := range deps {
		if c.lastSoft[d] > t.gen {
			e.staleSince = t.at
		}
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
	c.gen++
	for _, d := range deps {
		c.lastInv[d] = c.gen
		for key := range c.byDep[d] {
			if el, ok := c.entries[key]; ok {
				c.removeLocked(el)
			}
		}
		delete(c.byDep, d)
	}
	c.pruneLocked()
}

// MarkStale records a change to deps that cached entries may show late:
// each entry depending on one is served for at most one more stale window
// from the first change it misses, then rendered again. Many changes in a
// row therefore cost one render per entry per window, not one each.
func (c *Cache) MarkStale(deps ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	now := c.now()
	for _, d := range deps {
		c.lastSoft[d] = c.gen
		for key := range c.byDep[d] {
			if el, ok := c.entries[key]; ok {
				if e := el.Value.(*Entry); e.staleSince.IsZero() {
					e.staleSince = now
				}
			}
		}
	}
	c.pruneLocked()
}

// pruneLocked drops the invalidation records when they grow past
// maxTracked; renders in flight at that moment are then not stored.
func (c *Cache) pruneLocked() {
	if len(c.lastInv)+len(c.lastSoft) <= maxTracked {
		return
	}
	c.gen++
	c.floor = c.gen
	clear(c.lastInv)
	clear(c.lastSoft)
}

// Tracked reports how many invalidation records the cache holds.
func (c *Cache) Tracked() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.lastInv) + len(c.lastSoft)
}

// InvalidateAll drops every entry and refuses every response whose
// rendering began before the call: for when this node may have missed
// invalidations it cannot name (its event bus was disconnected), so no
// page older than the call is served after it.
func (c *Cache) InvalidateAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.floor = c.gen
	c.epochs++
	clear(c.lastInv)
	clear(c.lastSoft)
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
