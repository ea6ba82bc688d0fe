package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestCheckCountersSeesEveryCounter breaks each denormalized counter behind
// the store's back and requires CheckCounters to name it, so the contract
// suite's "no problems" means something.
func TestCheckCountersSeesEveryCounter(t *testing.T) {
	t.Parallel() // its own databases
	engines := map[string]func(t testing.TB) string{"sqlite": storetest.SQLiteURL, "postgres": storetest.PostgresURL}
	for name, url := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkCountersCatches(t, openStore(t, url(t)))
		})
	}
}

func checkCountersCatches(t *testing.T, st *store.Store) {
	ctx := context.Background()
	ids := seedOneThread(t, st)
	cases := []struct{ counter, table, column string }{
		{"subtopics.thread_count", "subtopics", "thread_count"},
		{"tags.thread_count", "tags", "thread_count"},
		{"threads.reply_count", "threads", "reply_count"},
		{"threads.post_seq", "threads", "post_seq"},
		{"threads.boost_count", "threads", "boost_count"},
		{"threads.recommended", "threads", "recommended"},
		{"threads.solved", "threads", "solved"},
		{"threads.accepted_post_id", "threads", "accepted_post_id"},
		{"posts.boost_count", "posts", "boost_count"},
		{"posts.revision_count", "posts", "revision_count"},
		{"users.thread_count", "users", "thread_count"},
		{"users.reply_count", "users", "reply_count"},
	}
	for _, c := range cases {
		// accepted_post_id names a post: point it at the opening post,
		// which can never be an answer.
		set := fmt.Sprintf("%s = %s + 1", c.column, c.column)
		if c.column == "accepted_post_id" {
			set = fmt.Sprintf("accepted_post_id = %d", ids.opening)
		}
		id := ids.of[c.table]
		exec(t, st, fmt.Sprintf("UPDATE %s SET %s WHERE id = %d", c.table, set, id))
		problems, err := st.CheckCounters(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%s wrong for id %d", c.counter, id)
		if !strings.Contains(strings.Join(problems, "\n"), want) {
			t.Errorf("after breaking %s, CheckCounters = %q, want %q", c.counter, problems, want)
		}
		restore := fmt.Sprintf("%s = %s - 1", c.column, c.column)
		if c.column == "accepted_post_id" {
			restore = "accepted_post_id = 0"
		}
		exec(t, st, fmt.Sprintf("UPDATE %s SET %s WHERE id = %d", c.table, restore, id))
		if problems, err := st.CheckCounters(ctx); err != nil || len(problems) != 0 {
			t.Fatalf("after restoring %s: %q, %v", c.counter, problems, err)
		}
	}
}

type seeded struct {
	opening int64
	of      map[string]int64 // table -> the id whose counter is broken
}

// seedOneThread writes a thread with a tag, a boosted opening post and a
// reply, through the store, so every counter starts out true.
func seedOneThread(t *testing.T, st *store.Store) seeded {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	topic := &forum.Topic{Title: "T", Slug: "t"}
	must(st.CreateTopic(ctx, topic))
	sub := &forum.Subtopic{TopicID: topic.ID, Title: "S", Slug: "s"}
	must(st.CreateSubtopic(ctx, sub))
	tag := &forum.Tag{Name: "tag"}
	must(st.CreateTag(ctx, tag))
	u := &forum.User{Username: "u", DisplayName: "U", Role: forum.RoleMember, CreatedAt: at}
	must(st.CreateUser(ctx, u))
	body := forum.RenderedBody{Source: "b", HTML: "<p>b</p>", Text: "b"}
	th, op, err := st.CreateThread(ctx, forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: u.ID, Title: "x", Slug: "x",
		TagIDs: []int64{tag.ID}, Body: body, CreatedAt: at})
	must(err)
	_, err = st.CreateReply(ctx, forum.NewPostRow{ThreadID: th, AuthorID: u.ID, Body: body, CreatedAt: at})
	must(err)
	_, err = st.SetBoost(ctx, op, u.ID, true, at)
	must(err)
	return seeded{opening: op, of: map[string]int64{"subtopics": sub.ID, "tags": tag.ID, "threads": th, "posts": op, "users": u.ID}}
}

func exec(t *testing.T, st *store.Store, query string) {
	t.Helper()
	if _, err := st.Engine().Write.ExecContext(context.Background(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
