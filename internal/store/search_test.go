package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// eachEngine runs fn on a fresh SQLite store and a fresh PostgreSQL one
// (skipped without a server, failed under CI).
func eachEngine(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, openStore(t, storetest.SQLiteURL(t)))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, openStore(t, storetest.PostgresURL(t)))
	})
}

// bulkWorld loads n threads of two replies each through BulkThreads. Reply
// bodies name the thread ("ThreadMarker7") so each thread is findable alone.
func bulkWorld(t *testing.T, st *store.Store, n int) {
	t.Helper()
	sub, users := bulkSetup(t, st)
	bulkLoad(t, st, sub, users, n)
}

func bulkSetup(t *testing.T, st *store.Store) (*forum.Subtopic, []*forum.User) {
	t.Helper()
	ctx := context.Background()
	topic := &forum.Topic{Title: "T", Slug: "t"}
	mustT(t, st.CreateTopic(ctx, topic))
	sub := &forum.Subtopic{TopicID: topic.ID, Title: "S", Slug: "s"}
	mustT(t, st.CreateSubtopic(ctx, sub))
	users := []*forum.User{{Username: "ann", DisplayName: "Ann", Role: forum.RoleMember}, {Username: "ben", DisplayName: "Ben", Role: forum.RoleMember}}
	mustT(t, st.BulkUsers(ctx, users))
	return sub, users
}

func bulkLoad(t *testing.T, st *store.Store, sub *forum.Subtopic, users []*forum.User, n int) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var batch []store.BulkThread
	for i := range n {
		bt := store.BulkThread{Row: forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: users[0].ID,
			Title: fmt.Sprintf("Bulk question %d", i), Slug: "bulk", Body: bodyOf("opening text"), CreatedAt: at}, Accepted: -1}
		for r := range 2 {
			bt.Replies = append(bt.Replies, store.BulkReply{AuthorID: users[1].ID, CreatedAt: at.Add(time.Minute),
				Body: bodyOf(fmt.Sprintf("reply %d mentions ThreadMarker%d", r, i))})
		}
		batch = append(batch, bt)
		if len(batch) == 7 || i == n-1 {
			mustT(t, st.BulkThreads(ctx, batch))
			batch = batch[:0]
		}
	}
}

func bodyOf(s string) forum.RenderedBody {
	return forum.RenderedBody{Source: s, HTML: "<p>" + s + "</p>", Text: s}
}

func mustT(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func searchThreads(t *testing.T, st *store.Store, raw string) []int64 {
	t.Helper()
	q, err := search.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := st.Search(context.Background(), forum.SearchQuery{Query: q, Limit: 100})
	if err != nil {
		t.Fatalf("search %q: %v", raw, err)
	}
	var ids []int64
	for _, h := range hits {
		ids = append(ids, h.Thread.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestSearchIndexesBulkLoads(t *testing.T) {
	t.Parallel() // its own databases
	eachEngine(t, func(t *testing.T, st *store.Store) {
		bulkWorld(t, st, 20)
		if got := searchThreads(t, st, "bulk question"); len(got) != 20 {
			t.Errorf("bulk question found %d threads, want 20", len(got))
		}
		// "thread marker 13" finds ThreadMarker13 through its parts.
		for _, q := range []string{"ThreadMarker13", "marker13", "thread marker13"} {
			if got := searchThreads(t, st, q); len(got) != 1 {
				t.Errorf("%s found %v, want one thread", q, got)
			}
		}
	})
}

func TestRebuildSearchIndex(t *testing.T) {
	t.Parallel() // its own databases
	eachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		bulkWorld(t, st, 12)
		before := searchThreads(t, st, "ThreadMarker5")
		if _, err := st.Engine().Write.ExecContext(ctx, "DELETE FROM post_search"); err != nil {
			t.Fatal(err)
		}
		if got := searchThreads(t, st, "ThreadMarker5"); len(got) != 0 {
			t.Fatalf("emptied index still finds %v", got)
		}
		var calls int
		n, err := st.RebuildSearchIndex(ctx, func(int64) { calls++ })
		if err != nil {
			t.Fatal(err)
		}
		if n != 36 || calls == 0 {
			t.Errorf("rebuild indexed %d posts in %d reports, want 36 in at least one", n, calls)
		}
		if got := searchThreads(t, st, "ThreadMarker5"); !slices.Equal(got, before) || len(got) != 1 {
			t.Errorf("after rebuild ThreadMarker5 finds %v, want %v", got, before)
		}
		// A second rebuild replaces rows rather than doubling them.
		if _, err := st.RebuildSearchIndex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if got := searchThreads(t, st, "bulk"); len(got) != 12 {
			t.Errorf("after two rebuilds bulk finds %d threads, want 12", len(got))
		}
	})
}

// TestSearchFindsOldTitles checks the bounded ranking: a word in the bodies
// of more posts than a search ranks still finds the old thread named for
// it, and ranks it first.
func TestSearchFindsOldTitles(t *testing.T) {
	t.Parallel() // its own databases
	eachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		sub, users := bulkSetup(t, st)
		old, _, err := st.CreateThread(ctx, forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: users[0].ID,
			Title: "Opening a socket fails", Slug: "opening", Body: bodyOf("the socket never connects"),
			CreatedAt: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)})
		mustT(t, err)
		bulkLoad(t, st, sub, users, 700) // 700 newer opening posts say "opening text"
		q, err := search.Parse("opening")
		mustT(t, err)
		hits, err := st.Search(ctx, forum.SearchQuery{Query: q, Limit: 5})
		mustT(t, err)
		if len(hits) != 5 || hits[0].Thread.ID != old {
			got := []int64{}
			for _, h := range hits {
				got = append(got, h.Thread.ID)
			}
			t.Errorf("opening found threads %v, want %d first", got, old)
		}
	})
}
