package bench

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
)

// TestSeedSmall seeds a small community and checks that every counter
// equals its rows and the sizes are as asked.
func TestSeedSmall(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "seed.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	opt := SeedOptions{Users: 60, Threads: 300, Replies: 3000, Seed: 7, BodyPool: 40, Batch: 64}
	rep, err := Seed(ctx, st, opt, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Threads != 300 || rep.Posts != 3300 || rep.Users != 60 {
		t.Fatalf("report %+v, want 300 threads, 3300 posts, 60 users", rep)
	}
	problems, err := st.CheckCounters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	top, err := st.ListThreads(ctx, forum.ListQuery{Sort: forum.SortReplies, Desc: true, Limit: 1})
	if err != nil || len(top) != 1 || top[0].ReplyCount < 50 {
		t.Fatalf("the most replied thread has %v replies, want a heavy head of at least 50", top)
	}
	if _, err := Seed(ctx, st, opt, func(string) {}); err == nil {
		t.Fatal("seeding a non-empty database was accepted")
	}
}
