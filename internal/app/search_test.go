package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
	"github.com/parley-forum/parley/internal/store"
)

func TestSearchRebuildCommand(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := run(t, dir, "", "search"); code != 2 || !strings.Contains(errOut, "search rebuild") {
		t.Fatalf("search without a subcommand: %d %q", code, errOut)
	}
	if code, out, errOut := run(t, dir, "", "search", "rebuild"); code != 0 || !strings.Contains(out, "indexed 0 posts") {
		t.Fatalf("rebuild of an empty forum: %d %q %q", code, out, errOut)
	}

	// A post whose index row went missing (as after a raw import) is found
	// again after the rebuild.
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "parley.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
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
	u := &forum.User{Username: "ann", DisplayName: "Ann", Role: forum.RoleMember}
	must(st.CreateUser(ctx, u))
	text := "NWPathMonitor reports unsatisfied"
	_, _, err = st.CreateThread(ctx, forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: u.ID, Title: "Path monitor", Slug: "path-monitor",
		Body: forum.RenderedBody{Source: text, HTML: text, Text: text}, CreatedAt: time.Now()})
	must(err)
	_, err = st.Engine().Write.ExecContext(ctx, "DELETE FROM post_search")
	must(err)
	found := func() int {
		q, err := search.Parse("path monitor unsatisfied")
		must(err)
		hits, err := st.Search(ctx, forum.SearchQuery{Query: q, Limit: 10})
		must(err)
		return len(hits)
	}
	if n := found(); n != 0 {
		t.Fatalf("emptied index found %d threads", n)
	}
	if code, out, errOut := run(t, dir, "", "search", "rebuild"); code != 0 || !strings.Contains(out, "indexed 1 posts") {
		t.Fatalf("rebuild: %d %q %q", code, out, errOut)
	}
	if n := found(); n != 1 {
		t.Fatalf("after rebuild found %d threads, want 1", n)
	}
}
