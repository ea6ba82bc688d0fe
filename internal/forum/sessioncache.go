package forum

import (
	"sync"
	"time"
)

// Session lookups are cached in memory for a short time, so a signed-in
// request costs no database read. The cache is dropped for a user at once
// on this node when a write revokes their sessions or tokens or changes
// their account (the Service emits EventAccountChanged and drops them
// first), and on every other node when that event arrives over the bus
// (ForgetAccount); when the bus connection returns after an outage, in
// which events may have been missed, the whole cache is dropped
// (ForgetAllAccounts). SessionCacheTTL bounds how long a missed event can
// matter.
const (
	SessionCacheTTL     = 10 * time.Second
	sessionCacheEntries = 50_000
)

type sessionEntry struct {
	user    User
	session Session
	until   time.Time // cached until then (never past the session's expiry)
}

// sessionCache maps a session's stored id (the cookie's hash) to its user.
type sessionCache struct {
	mu     sync.Mutex
	ttl    time.Duration
	byID   map[string]*sessionEntry
	byUser map[int64]map[string]struct{}
	// gen counts drops. A lookup notes it before reading the database and
	// may store what it read only if no drop happened meanwhile: the read
	// may predate the revocation that caused the drop.
	gen uint64
}

func newSessionCache() *sessionCache {
	return &sessionCache{ttl: SessionCacheTTL, byID: map[string]*sessionEntry{}, byUser: map[int64]map[string]struct{}{}}
}

// SetSessionCacheTTL changes how long a session lookup is remembered (0:
// not at all). Tests lengthen it to show that revocations, not expiry,
// end cached sessions.
func (s *Service) SetSessionCacheTTL(d time.Duration) {
	s.sessions.mu.Lock()
	s.sessions.ttl = d
	s.sessions.mu.Unlock()
	s.sessions.dropAll()
}

// get returns copies of a cached user and session, and the generation a
// lookup that misses must pass to put.
func (c *sessionCache) get(id string, now time.Time) (*User, *Session, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[id]
	if !ok || !now.Before(e.until) {
		if ok {
			c.remove(id, e.user.ID)
		}
		return nil, nil, c.gen, false
	}
	u, se := e.user, e.session
	return &u, &se, c.gen, true
}

// put stores a lookup's result unless a drop happened since gen.
func (c *sessionCache) put(gen uint64, u *User, se *Session, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || c.ttl <= 0 {
		return
	}
	until := now.Add(c.ttl)
	if se.ExpiresAt.Before(until) {
		until = se.ExpiresAt
	}
	if len(c.byID) >= sessionCacheEntries {
		// Full: forget an arbitrary eighth (map order), cheaper than
		// keeping an order for a cache whose entries live seconds.
		n := sessionCacheEntries / 8
		for id, e := range c.byID {
			c.remove(id, e.user.ID)
			if n--; n == 0 {
				break
			}
		}
	}
	c.byID[se.ID] = &sessionEntry{user: *u, session: *se, until: until}
	ids := c.byUser[u.ID]
	if ids == nil {
		ids = map[string]struct{}{}
		c.byUser[u.ID] = ids
	}
	ids[se.ID] = struct{}{}
}

// seen moves a cached session's last sight forward, so the usage
// recorder is called once per step and not on every cached hit.
func (c *sessionCache) seen(id string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byID[id]; ok {
		e.session.LastSeen = at
	}
}

func (c *sessionCache) remove(id string, userID int64) {
	delete(c.byID, id)
	if ids := c.byUser[userID]; ids != nil {
		delete(ids, id)
		if len(ids) == 0 {
			delete(c.byUser, userID)
		}
	}
}

// dropUser forgets every cached session of a user.
func (c *sessionCache) dropUser(userID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for id := range c.byUser[userID] {
		delete(c.byID, id)
	}
	delete(c.byUser, userID)
}

// dropAll forgets everything.
func (c *sessionCache) dropAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.byID)
	clear(c.byUser)
}

// ForgetAccount drops what this node remembers about a user's sessions.
// The live-update subscriber calls it for an EventAccountChanged that
// another node published; the Service does it itself for its own.
func (s *Service) ForgetAccount(userID int64) { s.sessions.dropUser(userID) }

// ForgetAllAccounts drops every cached session, for when account events
// may have been missed (the bus connection returned after an outage).
func (s *Service) ForgetAllAccounts() { s.sessions.dropAll() }

// accountChanged is called after a committed write that revokes a user's
// sessions or tokens or changes what they may do. emit drops the user
// from this node's cache before any listener runs (so before the write
// returns), and the event tells every other node to do the same.
func (s *Service) accountChanged(userID int64) {
	s.emit(Event{Kind: EventAccountChanged, UserID: userID})
}
