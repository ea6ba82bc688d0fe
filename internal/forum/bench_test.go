package forum_test

import (
	"context"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
)

// BenchmarkReply measures one reply end to end through the Service on
// SQLite: validation, rendering and the write transaction.
func BenchmarkReply(b *testing.B) {
	t := &testing.T{}
	f := newFixture(t, nil)
	w, err := f.svc.CreateThread(context.Background(), f.alice, forum.Client{}, forum.ThreadInput{Title: "Bench thread title", Subtopic: "general", Body: "A body long enough to post."})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.svc.Reply(ctx, f.bob, forum.Client{}, w.ThreadID, forum.ReplyInput{Body: "The connection recovered after the path changed."}); err != nil {
			b.Fatal(err)
		}
	}
}
