package store_test

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestConcurrentRepliesShareCommits sends many replies at once, some to a
// thread that does not exist: every good reply commits with its own
// number, every bad one fails alone with ErrNotFound, and the counters
// equal the rows.
func TestConcurrentRepliesShareCommits(t *testing.T) {
	st := openStore(t, storetest.SQLiteURL(t))
	ctx := context.Background()
	topic := &forum.Topic{Title: "T", Slug: "t"}
	must(t, st.CreateTopic(ctx, topic))
	sub := &forum.Subtopic{TopicID: topic.ID, Title: "S", Slug: "s"}
	must(t, st.CreateSubtopic(ctx, sub))
	u := &forum.User{Username: "poster", DisplayName: "P", Role: forum.RoleMember, CreatedAt: time.Now()}
	must(t, st.CreateUser(ctx, u))
	body := forum.RenderedBody{Source: "reply", HTML: "<p>reply</p>", Text: "reply"}
	thread, _, err := st.CreateThread(ctx, forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: u.ID, Title: "Busy thread", Slug: "busy",
		Body: body, CreatedAt: time.Now()})
	must(t, err)
	const good, bad = 60, 15
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ids []int64
	var failures []error
	for i := range good + bad {
		wg.Add(1)
		go func() {
			defer wg.Done()
			target := thread
			if i%5 == 4 {
				target = thread + 1000
			}
			id, err := st.CreateReply(ctx, forum.NewPostRow{ThreadID: target, AuthorID: u.ID, Body: body, CreatedAt: time.Now()})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failures = append(failures, err)
				return
			}
			ids = append(ids, id)
		}()
	}
	wg.Wait()
	if len(ids) != good || len(failures) != bad {
		t.Fatalf("%d replies written and %d failed, want %d and %d: %v", len(ids), len(failures), good, bad, failures)
	}
	for _, err := range failures {
		if !errors.Is(err, forum.ErrNotFound) {
			t.Errorf("reply to a missing thread: %v, want ErrNotFound", err)
		}
	}
	posts, err := st.Posts(ctx, thread, 1, 1000)
	must(t, err)
	var numbers []int
	for _, p := range posts {
		numbers = append(numbers, p.Number)
	}
	sort.Ints(numbers)
	for i, n := range numbers {
		if n != i+1 {
			t.Fatalf("post numbers %v, want 1…%d without gaps", numbers, good+1)
		}
	}
	if len(numbers) != good+1 {
		t.Fatalf("%d posts in the thread, want %d", len(numbers), good+1)
	}
	problems, err := st.CheckCounters(ctx)
	must(t, err)
	for _, p := range problems {
		t.Error(p)
	}
	// Batched replies are indexed in their transaction: exactly the
	// opening post and the good replies are found.
	rows, err := st.Engine().Read.QueryContext(ctx, `SELECT rowid FROM post_search WHERE post_search MATCH 'reply' ORDER BY rowid`)
	must(t, err)
	defer rows.Close()
	var indexed []int64
	for rows.Next() {
		var id int64
		must(t, rows.Scan(&id))
		indexed = append(indexed, id)
	}
	must(t, rows.Err())
	want := []int64{posts[0].ID}
	want = append(want, ids...)
	sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
	if len(indexed) != len(want) {
		t.Fatalf("search index holds %d posts, want %d", len(indexed), len(want))
	}
	for i := range want {
		if indexed[i] != want[i] {
			t.Fatalf("search index holds posts %v, want %v", indexed, want)
		}
	}
}
