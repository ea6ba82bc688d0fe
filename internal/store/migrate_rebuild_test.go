package store_test

import (
	"context"
	"testing"

	"github.com/parley-forum/parley/internal/bench"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestMigrationRebuildsSearchIndex: a database whose index predates the
// stemming step gets every post indexed again when it migrates, so words
// are found by their stems ("stalled" finds posts that say "stalls").
func TestMigrationRebuildsSearchIndex(t *testing.T) {
	for name, url := range map[string]func(testing.TB) string{"sqlite": storetest.SQLiteURL, "postgres": storetest.PostgresURL} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st := openStore(t, url(t))
			opt := bench.DefaultSeed()
			opt.Users, opt.Threads, opt.Replies, opt.BodyPool = 20, 40, 100, 20
			if _, err := bench.Seed(ctx, st, opt, func(string) {}); err != nil {
				t.Fatal(err)
			}
			q, err := search.Parse("stalled")
			if err != nil {
				t.Fatal(err)
			}
			find := func() int {
				hits, err := st.Search(ctx, forum.SearchQuery{Query: q, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				return len(hits)
			}
			if find() == 0 {
				t.Fatal(`"stalled" finds nothing in a fresh database`)
			}
			if err := store.ForgetSearchIndex(ctx, st); err != nil {
				t.Fatal(err)
			}
			if n := find(); n != 0 {
				t.Fatalf("index not emptied: %d hits", n)
			}
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if find() == 0 {
				t.Fatal(`after migrating, "stalled" still finds nothing: the index was not rebuilt`)
			}
		})
	}
}
