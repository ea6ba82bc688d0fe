package store_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// benchEngines runs fn on SQLite and, when PARLEY_TEST_POSTGRES_URL is
// set, on PostgreSQL.
func benchEngines(b *testing.B, fn func(b *testing.B, st *store.Store)) {
	engines := []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteURL}}
	if os.Getenv(storetest.PostgresEnv) != "" {
		engines = append(engines, struct {
			name string
			url  func(testing.TB) string
		}{"postgres", storetest.PostgresURL})
	}
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) { fn(b, openStore(b, e.url(b))) })
	}
}

type benchWorld struct {
	sub     *forum.Subtopic
	tag     *forum.Tag
	users   []*forum.User
	threads []int64
	posts   []int64 // opening posts
}

// seedBench writes n threads with three replies each through the store.
func seedBench(b *testing.B, st *store.Store, n int) *benchWorld {
	b.Helper()
	ctx := context.Background()
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	w := &benchWorld{}
	topic := &forum.Topic{Title: "T", Slug: "t"}
	must(st.CreateTopic(ctx, topic))
	w.sub = &forum.Subtopic{TopicID: topic.ID, Title: "S", Slug: "s"}
	must(st.CreateSubtopic(ctx, w.sub))
	w.tag = &forum.Tag{Name: "tag"}
	must(st.CreateTag(ctx, w.tag))
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 64 {
		u := &forum.User{Username: fmt.Sprintf("user%d", i), DisplayName: "U", Role: forum.RoleMember, CreatedAt: at}
		must(st.CreateUser(ctx, u))
		w.users = append(w.users, u)
	}
	body := forum.RenderedBody{Source: "body", HTML: "<p>body</p>", Text: "body"}
	for i := range n {
		row := forum.NewThreadRow{SubtopicID: w.sub.ID, AuthorID: w.users[i%64].ID, Title: "Thread", Slug: "thread",
			Body: body, CreatedAt: at.Add(time.Duration(i) * time.Minute)}
		if i%2 == 0 {
			row.TagIDs = []int64{w.tag.ID}
		}
		th, op, err := st.CreateThread(ctx, row)
		must(err)
		for r := range 3 {
			_, err := st.CreateReply(ctx, forum.NewPostRow{ThreadID: th, AuthorID: w.users[(i+r+1)%64].ID, Body: body,
				CreatedAt: row.CreatedAt.Add(time.Duration(r+1) * time.Second)})
			must(err)
		}
		w.threads, w.posts = append(w.threads, th), append(w.posts, op)
	}
	return w
}

// BenchmarkListThreads measures a subtopic list page and a tag list page
// reached through a cursor, the reads every list view and feed makes.
func BenchmarkListThreads(b *testing.B) {
	benchEngines(b, func(b *testing.B, st *store.Store) {
		w := seedBench(b, st, 300)
		ctx := context.Background()
		after := &forum.Cursor{Sort: forum.SortActivity, Desc: true, Key: time.Date(2025, 1, 1, 3, 0, 0, 0, time.UTC).UnixMilli(), ID: w.threads[180]}
		queries := map[string]forum.ListQuery{
			"subtopic-first-page": {Scope: forum.Scope{SubtopicID: w.sub.ID}, Sort: forum.SortActivity, Desc: true, Limit: 30},
			"tag-after-cursor":    {Scope: forum.Scope{TagID: w.tag.ID}, Sort: forum.SortActivity, Desc: true, Limit: 30, After: after},
		}
		for name, q := range queries {
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					if _, err := st.ListThreads(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}

// BenchmarkCreateReply measures the most frequent write.
func BenchmarkCreateReply(b *testing.B) {
	benchEngines(b, func(b *testing.B, st *store.Store) {
		w := seedBench(b, st, 20)
		ctx := context.Background()
		body := forum.RenderedBody{Source: "reply", HTML: "<p>reply</p>", Text: "reply"}
		at := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
		i := 0
		for b.Loop() {
			i++
			if _, err := st.CreateReply(ctx, forum.NewPostRow{ThreadID: w.threads[i%len(w.threads)], AuthorID: w.users[i%64].ID,
				Body: body, CreatedAt: at}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSetBoostParallel measures boosts and unboosts of one popular
// opening post from many users at once, the write that contends most.
func BenchmarkSetBoostParallel(b *testing.B) {
	benchEngines(b, func(b *testing.B, st *store.Store) {
		w := seedBench(b, st, 1)
		ctx := context.Background()
		at := time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)
		var n atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := n.Add(1)
				if _, err := st.SetBoost(ctx, w.posts[0], w.users[i%64].ID, i%3 != 0, at); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
