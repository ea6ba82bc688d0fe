//go:build benchprof

package bench

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-forum/parley/internal/store"
)

func TestSeedProfile(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "seed.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	opt := SeedOptions{Users: 3000, Threads: 30000, Replies: 300000, Seed: 1, BodyPool: 3000, Batch: 2000}
	rep, err := Seed(ctx, st, opt, func(s string) { t.Log(s) })
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep.Took)
	var n int
	st.Engine().Read.QueryRow(`SELECT count(*) FROM post_search_data`).Scan(&n)
	t.Log("fts data rows", n)
}
