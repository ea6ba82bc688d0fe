package storetest

import (
	"fmt"

	"github.com/parley-forum/parley/internal/forum"
)

// testKeysetInserts walks lists while threads arrive between page fetches,
// some sorting among rows already seen and some after them, and while the
// row a cursor points at is deleted. Rows already seen must never come back
// and no row that existed when the walk began may be skipped.
func testKeysetInserts(f *fixture) {
	t := f.t
	f.listWorld(12)
	for _, s := range allSorts() {
		for _, desc := range []bool{true, false} {
			name := fmt.Sprintf("sort=%s desc=%v", s, desc)
			q := forum.ListQuery{Sort: s, Desc: desc}
			before := f.walk(q, forum.MaxPageSize, nil)
			deleted := map[int64]bool{}
			pages := 0
			walked := f.walk(q, 4, func(seen []forum.Thread) {
				pages++
				mid := seen[len(seen)/2]
				f.thread(f.sub, f.carol, "Arrives among seen rows", mid.CreatedAt)
				f.thread(f.sub2, f.bob, "Arrives later", f.tick())
				if pages == 2 {
					last := seen[len(seen)-1]
					f.must(f.st.DeletePost(f.ctx, last.FirstPostID, f.clock))
					deleted[last.ID] = true
				}
			})
			if pages < 2 {
				t.Fatalf("%s: the walk had %d pages; the world is too small to test", name, pages+1)
			}
			noDuplicates(f, name, walked)
			got := map[int64]bool{}
			for _, th := range walked {
				got[th.ID] = true
			}
			for _, th := range before {
				if !got[th.ID] {
					t.Errorf("%s: thread %d existed before the walk but was skipped", name, th.ID)
				}
			}
			// Inserting threads changes no existing thread's sort key, so the
			// walk must follow the order of a fresh list.
			after := threadIDs(f.walk(q, forum.MaxPageSize, nil))
			var live []int64
			for _, th := range walked {
				if !deleted[th.ID] {
					live = append(live, th.ID)
				}
			}
			if !isSubsequence(live, after) {
				t.Errorf("%s: walked order %v is not the list order %v", name, live, after)
			}
		}
	}
}

func isSubsequence(sub, seq []int64) bool {
	i := 0
	for _, v := range seq {
		if i < len(sub) && sub[i] == v {
			i++
		}
	}
	return i == len(sub)
}
