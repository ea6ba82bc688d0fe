package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
)

// BenchmarkThreadQuery measures the reads of a thread page: the thread
// row, a page of 50 posts with their authors, and the answers, on a thread
// with 120 replies from many authors.
func BenchmarkThreadQuery(b *testing.B) {
	benchEngines(b, func(b *testing.B, st *store.Store) {
		w := seedBench(b, st, 1)
		ctx := context.Background()
		body := forum.RenderedBody{Source: "A *reply*", HTML: "<p>A <em>reply</em></p>", Text: "A reply"}
		at := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		id := w.threads[0]
		for i := range 120 {
			if _, err := st.CreateReply(ctx, forum.NewPostRow{ThreadID: id, AuthorID: w.users[i%64].ID, Body: body,
				CreatedAt: at.Add(time.Duration(i) * time.Second)}); err != nil {
				b.Fatal(err)
			}
		}
		for _, page := range []int{1, 3} {
			b.Run(fmt.Sprintf("page-%d", page), func(b *testing.B) {
				for b.Loop() {
					if _, err := st.Thread(ctx, id); err != nil {
						b.Fatal(err)
					}
					posts, err := st.Posts(ctx, id, (page-1)*50+1, page*50)
					if err != nil || len(posts) == 0 {
						b.Fatalf("posts: %d, %v", len(posts), err)
					}
					if _, err := st.AnswerPosts(ctx, id); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}
