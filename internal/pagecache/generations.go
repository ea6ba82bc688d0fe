package pagecache

import "container/list"

// maxTrackedDeps bounds how many dependencies remember when they were
// last invalidated. A forum invalidates every thread it ever wrote to, so
// an unbounded map would grow for the life of the process.
const maxTrackedDeps = 1 << 16

// generations remembers, per dependency, the invalidation clock at its
// last invalidation, so Put can refuse a response rendered across one.
//
// Only the most recently invalidated maxDeps dependencies are remembered.
// Forgetting one raises floor to its generation, and a dependency that is
// not remembered is taken to have been invalidated at floor: never later
// than the truth, so a stale render is still refused. The price is that a
// render begun before the floor is refused for any dependency it has,
// which only happens to renders older than the last maxDeps
// invalidations — far older than a page takes to render.
//
// It is not safe for concurrent use; the cache's lock guards it.
type generations struct {
	clock   uint64                   // invalidations so far
	floor   uint64                   // generation of every forgotten dependency
	all     uint64                   // generation of the last InvalidateAll
	byDep   map[string]*list.Element // of *stamp
	order   *list.List               // of *stamp, least recently invalidated first
	maxDeps int
}

type stamp struct {
	dep string
	gen uint64
}

func newGenerations(maxDeps int) *generations {
	return &generations{byDep: map[string]*list.Element{}, order: list.New(), maxDeps: maxDeps}
}

// of returns the generation of dep's last invalidation as far as it is
// known: exact while remembered, floor after.
func (g *generations) of(dep string) uint64 {
	if el, ok := g.byDep[dep]; ok {
		return el.Value.(*stamp).gen
	}
	return g.floor
}

// bump records an invalidation of dep now.
func (g *generations) bump(dep string) {
	g.clock++
	if el, ok := g.byDep[dep]; ok {
		el.Value.(*stamp).gen = g.clock
		g.order.MoveToBack(el)
		return
	}
	g.byDep[dep] = g.order.PushBack(&stamp{dep: dep, gen: g.clock})
	for g.order.Len() > g.maxDeps {
		oldest := g.order.Front()
		s := oldest.Value.(*stamp)
		g.floor = max(g.floor, s.gen)
		g.order.Remove(oldest)
		delete(g.byDep, s.dep)
	}
}

// bumpAll records an invalidation of every dependency now, remembered or
// not, and forgets them all.
func (g *generations) bumpAll() {
	g.clock++
	g.all, g.floor = g.clock, g.clock
	clear(g.byDep)
	g.order.Init()
}

// stale reports whether something that began at clock begun and depends
// on deps may have missed an invalidation since.
func (g *generations) stale(begun uint64, deps []string) bool {
	if g.all > begun {
		return true
	}
	for _, d := range deps {
		if g.of(d) > begun {
			return true
		}
	}
	return false
}

// tracked reports how many dependencies are remembered.
func (g *generations) tracked() int { return len(g.byDep) }
