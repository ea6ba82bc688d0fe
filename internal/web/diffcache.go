package web

import (
	"container/list"
	"hash/maphash"
	"strconv"
	"sync"

	"github.com/parley-forum/parley/internal/forum"
)

// diffCache keeps computed revision diffs, bounded in bytes with least
// recently used eviction. A diff never changes for the same pair of texts,
// so entries need no invalidation; the key includes a hash of both texts,
// so a revision rewritten in place (redacted) gets a fresh diff instead of
// its old one.
type diffCache struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	byKey    map[string]*list.Element
	lru      *list.List
}

type diffCacheEntry struct {
	key  string
	diff *revisionDiff
	size int
}

func newDiffCache(maxBytes int) *diffCache {
	return &diffCache{maxBytes: maxBytes, byKey: map[string]*list.Element{}, lru: list.New()}
}

// diffSeed keys the text hashes of this process, so nobody outside can
// craft two texts that share a cache entry.
var diffSeed = maphash.MakeSeed()

// diffKey names the diff between two versions of a post: their numbers
// and a hash of both texts.
func diffKey(prev, cur *forum.Revision) string {
	var h maphash.Hash
	h.SetSeed(diffSeed)
	h.WriteString(prev.BodySource)
	h.WriteByte(0)
	h.WriteString(cur.BodySource)
	return strconv.FormatInt(cur.PostID, 10) + ":" + strconv.Itoa(prev.Number) + ":" + strconv.Itoa(cur.Number) + ":" +
		strconv.FormatUint(h.Sum64(), 36) + ":" + strconv.Itoa(len(prev.BodySource)) + ":" + strconv.Itoa(len(cur.BodySource))
}

func (c *diffCache) get(key string) (*revisionDiff, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*diffCacheEntry).diff, true
}

func (c *diffCache) put(key string, d *revisionDiff) {
	size := d.size() + len(key) + 64
	if size > c.maxBytes/4 {
		return // one huge diff must not empty the cache
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.remove(el)
	}
	c.byKey[key] = c.lru.PushFront(&diffCacheEntry{key: key, diff: d, size: size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.remove(c.lru.Back())
	}
}

// len reports the number of cached diffs.
func (c *diffCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

func (c *diffCache) remove(el *list.Element) {
	e := el.Value.(*diffCacheEntry)
	c.lru.Remove(el)
	delete(c.byKey, e.key)
	c.bytes -= e.size
}
