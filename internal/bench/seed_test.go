package bench

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/markup"
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
	indexesBefore := indexNames(t, st)
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
	if after := indexNames(t, st); after != indexesBefore {
		t.Errorf("indexes after the load:\n%s\nwant as before:\n%s", after, indexesBefore)
	}
	var fk int
	if err := st.Engine().Write.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d (%v) after the load, want 1", fk, err)
	}
	var automerge int
	if err := st.Engine().Read.QueryRowContext(ctx, "SELECT v FROM post_search_config WHERE k = 'automerge'").Scan(&automerge); err != nil || automerge != 16 {
		t.Errorf("search index automerge = %d (%v) after the load, want the migration's 16 back", automerge, err)
	}
	var hashsize int
	err = st.Engine().Read.QueryRowContext(ctx, "SELECT v FROM post_search_config WHERE k = 'hashsize'").Scan(&hashsize)
	if err != nil || hashsize != 1<<20 {
		t.Errorf("search index hashsize = %d (%v) after the load, want FTS5's default 1 MiB back", hashsize, err)
	}
	checkBodies(t, st)
}

// checkBodies re-renders a sample of seeded posts: the stored HTML and
// text must be what the renderer makes of the stored source, and filled
// templates must give distinct bodies.
func checkBodies(t *testing.T, st *store.Store) {
	rows, err := st.Engine().Read.Query(`SELECT id, body_source, body_html, body_text FROM posts WHERE id % 37 = 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	rd := markup.New()
	distinct := map[string]bool{}
	n := 0
	for rows.Next() {
		var id int64
		var src, html, text string
		if err := rows.Scan(&id, &src, &html, &text); err != nil {
			t.Fatal(err)
		}
		n++
		distinct[src] = true
		want, err := rd.Render(src)
		if err != nil {
			t.Fatalf("post %d: render: %v", id, err)
		}
		if html != want {
			t.Errorf("post %d: stored HTML differs from rendering its source\nstored: %q\nwant:   %q", id, html, want)
		}
		if wantText := rd.PlainText(src); text != wantText {
			t.Errorf("post %d: stored text %q, want %q", id, text, wantText)
		}
		if strings.Contains(src, slot) {
			t.Errorf("post %d: unfilled template slot in %q", id, src)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 50 || len(distinct) < n*9/10 {
		t.Errorf("%d sampled posts, %d distinct bodies; want at least 50, nearly all distinct", n, len(distinct))
	}
}

func indexNames(t *testing.T, st *store.Store) string {
	var names []string
	rows, err := st.Engine().Read.Query(`SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		names = append(names, strings.Replace(s, "IF NOT EXISTS ", "", 1))
	}
	return strings.Join(names, "\n")
}
