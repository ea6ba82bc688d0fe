package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// TestWALStaysBounded writes well past the WAL limit while a reader holds
// an old snapshot, as a steady stream of page loads does, so SQLite's own
// checkpoints cannot restart the WAL. Once the reader is gone, one round
// of the checkpointer must bring the file back under the limit; without
// it the WAL keeps its largest size.
func TestWALStaysBounded(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "wal.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	topic := &forum.Topic{Title: "T", Slug: "t"}
	if err := st.CreateTopic(ctx, topic); err != nil {
		t.Fatal(err)
	}
	sub := &forum.Subtopic{TopicID: topic.ID, Title: "S", Slug: "s"}
	if err := st.CreateSubtopic(ctx, sub); err != nil {
		t.Fatal(err)
	}
	u := &forum.User{Username: "w", DisplayName: "W", Role: forum.RoleMember, CreatedAt: time.Now()}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("payload words for the write-ahead log ", 200) // ~8 kB a post
	at := time.Now()
	threadID, _, err := st.CreateThread(ctx, forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: u.ID, Title: "Growing",
		Slug: "growing", Body: forum.RenderedBody{Source: text, HTML: text, Text: text}, CreatedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	reader, err := st.eng.Read.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRow(`SELECT COUNT(*) FROM posts`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	for i := 0; st.WALSize() < 3*WALLimit; i++ {
		if i > 20000 {
			t.Fatalf("the WAL stayed at %d bytes", st.WALSize())
		}
		if _, err := st.CreateReply(ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: u.ID,
			Body: forum.RenderedBody{Source: text, HTML: text, Text: text}, CreatedAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	if did, err := st.CheckpointIfLarge(ctx, WALLimit); !did || err == nil {
		t.Errorf("a checkpoint with an old snapshot open: did %v, err %v; want a reported failure", did, err)
	}
	reader.Rollback()
	if _, err := st.CreateReply(ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: u.ID,
		Body: forum.RenderedBody{Source: "after", HTML: "after", Text: "after"}, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CheckpointIfLarge(ctx, WALLimit); err != nil {
		t.Fatal(err)
	}
	if size := st.WALSize(); size > WALLimit {
		t.Errorf("WAL is %d bytes after the checkpointer's round, want at most %d", size, WALLimit)
	}
	if probs, err := st.CheckCounters(ctx); err != nil || len(probs) > 0 {
		t.Errorf("counters %v %v", probs, err)
	}
}
