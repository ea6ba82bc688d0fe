package storetest

import (
	"fmt"
	"reflect"

	"github.com/parley-forum/parley/internal/forum"
)

type listScope struct {
	name  string
	scope forum.Scope
	tag   string
}

func (f *fixture) scopes() []listScope {
	return []listScope{
		{"everything", forum.Scope{}, ""},
		{"subtopic go", forum.Scope{SubtopicID: f.sub.ID}, ""},
		{"subtopic sql", forum.Scope{SubtopicID: f.sub2.ID}, ""},
		{"tag goroutines", forum.Scope{TagID: f.tagGo.ID}, "goroutines"},
		{"tag indexes", forum.Scope{TagID: f.tagSQL.ID}, "indexes"},
		{"author bob", forum.Scope{AuthorID: f.bob.ID}, ""},
		{"author without threads", forum.Scope{AuthorID: f.staff.ID}, ""},
	}
}

func filters() []forum.Filter {
	return []forum.Filter{forum.FilterAll, forum.FilterUnanswered, forum.FilterSolved}
}

// testListMatrix compares every sort, order, scope and filter with a model
// computed from the threads themselves.
func testListMatrix(f *fixture) {
	t := f.t
	all := f.listWorld(16)
	for _, sc := range f.scopes() {
		for _, s := range allSorts() {
			for _, desc := range []bool{true, false} {
				for _, fl := range filters() {
					q := forum.ListQuery{Scope: sc.scope, Sort: s, Desc: desc, Filter: fl, Limit: forum.MaxPageSize}
					name := fmt.Sprintf("%s sort=%s desc=%v filter=%q", sc.name, s, desc, fl)
					eqIDs(t, name, threadIDs(f.list(q)), expectList(all, q, sc.tag))
				}
			}
		}
	}
	// The model must have exercised every scope and filter.
	for _, q := range []forum.ListQuery{
		{Scope: forum.Scope{SubtopicID: f.sub.ID}}, {Scope: forum.Scope{SubtopicID: f.sub2.ID}},
		{Scope: forum.Scope{TagID: f.tagGo.ID}}, {Scope: forum.Scope{AuthorID: f.bob.ID}},
		{Filter: forum.FilterUnanswered}, {Filter: forum.FilterSolved},
	} {
		q.Sort = forum.SortNewest
		if n := len(expectList(all, q, "goroutines")); n < 2 || n == len(all) {
			t.Fatalf("the list world selects %d of %d threads for %+v; it should select some but not all", n, len(all), q)
		}
	}
	// List rows carry everything Thread does, tags included.
	rows := f.list(forum.ListQuery{Sort: forum.SortNewest, Desc: true, Limit: forum.MaxPageSize})
	byID := map[int64]forum.Thread{}
	for _, th := range all {
		byID[th.ID] = th
	}
	for _, row := range rows {
		if want := byID[row.ID]; !reflect.DeepEqual(row, want) {
			t.Errorf("list row differs from Thread:\n got %+v\nwant %+v", row, want)
		}
	}
	_, err := f.st.ListThreads(f.ctx, forum.ListQuery{Sort: "bogus"})
	if err == nil {
		t.Error("ListThreads with an unknown sort succeeded")
	}
}

// walk reads a list page by page through cursors, calling between after
// every page that is followed by another.
func (f *fixture) walk(q forum.ListQuery, limit int, between func(seen []forum.Thread)) []forum.Thread {
	f.t.Helper()
	q.Limit = limit
	var seen []forum.Thread
	for range 1000 {
		page := f.list(q)
		if len(page) > limit {
			f.t.Fatalf("a page of limit %d held %d threads", limit, len(page))
		}
		seen = append(seen, page...)
		if len(page) < limit {
			return seen
		}
		last := page[len(page)-1]
		c := forum.Cursor{Sort: q.Sort, Desc: q.Desc, Key: forum.SortKey(q.Sort, &last), ID: last.ID}
		after, err := forum.DecodeCursor(c.Encode(), q.Sort, q.Desc)
		f.must(err)
		q.After = after
		if between != nil {
			between(seen)
		}
	}
	f.t.Fatalf("walking %+v never ended", q)
	return nil
}

func noDuplicates(f *fixture, what string, threads []forum.Thread) {
	f.t.Helper()
	seen := map[int64]bool{}
	for _, th := range threads {
		if seen[th.ID] {
			f.t.Errorf("%s: thread %d listed twice", what, th.ID)
		}
		seen[th.ID] = true
	}
}

// testKeysetWalk checks that walking every page equals one big query, and
// the page size bounds.
func testKeysetWalk(f *fixture) {
	t := f.t
	all := f.listWorld(40)
	eq(t, "default page size", len(f.list(forum.ListQuery{Sort: forum.SortNewest, Desc: true})), forum.DefaultPageSize)
	eq(t, "negative page size", len(f.list(forum.ListQuery{Sort: forum.SortNewest, Limit: -3})), forum.DefaultPageSize)
	eq(t, "page size over the maximum", len(f.list(forum.ListQuery{Sort: forum.SortNewest, Limit: 1000})), min(len(all), forum.MaxPageSize))
	for _, sc := range f.scopes()[:4] {
		for _, s := range allSorts() {
			for _, desc := range []bool{true, false} {
				for _, fl := range filters()[:2] {
					q := forum.ListQuery{Scope: sc.scope, Sort: s, Desc: desc, Filter: fl}
					name := fmt.Sprintf("%s sort=%s desc=%v filter=%q", sc.name, s, desc, fl)
					walked := f.walk(q, 7, nil)
					noDuplicates(f, name, walked)
					want := expectList(all, q, sc.tag)
					eqIDs(t, name+" walked", threadIDs(walked), want)
					q.Limit = forum.MaxPageSize
					eqIDs(t, name+" one query", threadIDs(f.list(q)), want)
				}
			}
		}
	}
}
