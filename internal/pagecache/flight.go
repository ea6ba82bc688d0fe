package pagecache

import (
	"context"
	"sync"
)

// Wait makes concurrent misses of one key render it once. The first caller
// is the leader: it renders, stores the result with Put and then calls
// done. Callers arriving meanwhile wait for the leader (or their context),
// then should look the key up again and, if it is still missing (the page
// was not cacheable, or a write invalidated it while rendering), render it
// themselves without waiting again. done may be called more than once. Without this, an expired popular page
// is rendered by every connection asking for it at that moment, which is
// what the worst latencies under load were made of.
func (c *Cache) Wait(ctx context.Context, key string) (leader bool, done func()) {
	c.mu.Lock()
	if c.flights == nil {
		c.flights = map[string]chan struct{}{}
	}
	ch, busy := c.flights[key]
	if !busy {
		ch = make(chan struct{})
		c.flights[key] = ch
		c.mu.Unlock()
		var once sync.Once
		return true, func() {
			once.Do(func() {
				c.mu.Lock()
				delete(c.flights, key)
				c.mu.Unlock()
				close(ch)
			})
		}
	}
	c.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
	}
	return false, func() {}
}
