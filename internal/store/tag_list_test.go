package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestTagListBothPlans checks that a tag's list is the same whichever way
// the store reads it: a big tag (walking the threads in sort order) and a
// small one (collecting the tag's threads) must both equal the full list
// filtered by tag, for every sort, both directions, across a cursor.
func TestTagListBothPlans(t *testing.T) {
	t.Parallel() // its own databases
	urls := map[string]func(testing.TB) string{"sqlite": storetest.SQLiteURL, "postgres": storetest.PostgresURL}
	for name, url := range urls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkTagLists(t, openStore(t, url(t)))
		})
	}
}

func checkTagLists(t *testing.T, st *store.Store) {
	ctx := context.Background()
	topic := &forum.Topic{Title: "T", Slug: "t"}
	must(t, st.CreateTopic(ctx, topic))
	sub := &forum.Subtopic{TopicID: topic.ID, Title: "S", Slug: "s"}
	must(t, st.CreateSubtopic(ctx, sub))
	big, small := &forum.Tag{Name: "big"}, &forum.Tag{Name: "small"}
	must(t, st.CreateTag(ctx, big))
	must(t, st.CreateTag(ctx, small))
	users := []*forum.User{{Username: "a", DisplayName: "A", Role: forum.RoleMember, CreatedAt: time.Now()}}
	must(t, st.BulkUsers(ctx, users))
	body := forum.RenderedBody{Source: "b", HTML: "<p>b</p>", Text: "b"}
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var batch []store.BulkThread
	for i := range 2400 {
		bt := store.BulkThread{Row: forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: users[0].ID, Title: fmt.Sprintf("Thread %d", i),
			Slug: "thread", Body: body, CreatedAt: at.Add(time.Duration(i*7%2400) * time.Minute)}, Accepted: -1, Views: int64(i % 13)}
		if i%2 == 0 {
			bt.Row.TagIDs = append(bt.Row.TagIDs, big.ID)
		}
		if i%97 == 0 {
			bt.Row.TagIDs = append(bt.Row.TagIDs, small.ID)
		}
		for r := range i % 3 {
			bt.Replies = append(bt.Replies, store.BulkReply{AuthorID: users[0].ID, Body: body, CreatedAt: bt.Row.CreatedAt.Add(time.Duration(r+1) * time.Second)})
		}
		batch = append(batch, bt)
	}
	must(t, st.BulkThreads(ctx, batch))
	// Ids were assigned by the bulk load: ordinary writes must still get
	// fresh ones.
	if _, _, err := st.CreateThread(ctx, forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: users[0].ID, Title: "After the load",
		Slug: "after", Body: body, CreatedAt: at}); err != nil {
		t.Fatalf("create a thread after the bulk load: %v", err)
	}
	for _, tag := range []*forum.Tag{big, small} {
		for _, sort := range []forum.Sort{forum.SortActivity, forum.SortNewest, forum.SortBoosts, forum.SortViews, forum.SortReplies} {
			for _, desc := range []bool{true, false} {
				var want []int64
				for _, th := range listPages(t, st, forum.ListQuery{Sort: sort, Desc: desc, Limit: 100}, 1000) {
					if slices.Contains(th.Tags, tag.Name) {
						want = append(want, th.ID)
					}
				}
				var got []int64
				for _, th := range listPages(t, st, forum.ListQuery{Scope: forum.Scope{TagID: tag.ID}, Sort: sort, Desc: desc, Limit: 30}, 3) {
					got = append(got, th.ID)
				}
				if n := min(90, len(want)); !slices.Equal(got, want[:n]) {
					t.Errorf("tag %s, sort %s desc=%v: got %v, want %v", tag.Name, sort, desc, got, want[:n])
				}
			}
		}
	}
}

// listPages reads up to pages pages of q, following the cursor.
func listPages(t *testing.T, st *store.Store, q forum.ListQuery, pages int) []forum.Thread {
	var out []forum.Thread
	for range pages {
		list, err := st.ListThreads(context.Background(), q)
		must(t, err)
		if len(list) == 0 {
			break
		}
		out = append(out, list...)
		last := list[len(list)-1]
		q.After = &forum.Cursor{Sort: q.Sort, Desc: q.Desc, Key: sortKey(last, q.Sort), ID: last.ID}
	}
	return out
}

func sortKey(t forum.Thread, s forum.Sort) int64 {
	switch s {
	case forum.SortNewest:
		return t.CreatedAt.UnixMilli()
	case forum.SortBoosts:
		return int64(t.BoostCount)
	case forum.SortViews:
		return t.ViewCount
	case forum.SortReplies:
		return int64(t.ReplyCount)
	}
	return t.LastActivityAt.UnixMilli()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
