package storetest

import (
	"fmt"
	"slices"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
)

// searchCases check the full-text index and the search query on every
// engine. Each expects exact results, so an engine that passes them agrees
// with the others on the same rows.
func searchCases() []contractCase {
	return []contractCase{
		{"SearchFindsNewPosts", testSearchFinds},
		{"SearchFollowsEdits", testSearchEdits},
		{"SearchForgetsDeleted", testSearchDeletes},
		{"SearchFilters", testSearchFilters},
		{"SearchRanking", testSearchRanking},
		{"SearchSortsAndPages", testSearchSortsAndPages},
		{"SimilarThreads", testSimilarThreads},
	}
}

// post starts a thread with the given opening text.
func (f *fixture) post(sub *forum.Subtopic, author *forum.User, title, text string, at time.Time, tags ...*forum.Tag) (threadID, postID int64) {
	f.t.Helper()
	row := forum.NewThreadRow{SubtopicID: sub.ID, AuthorID: author.ID, Title: title, Slug: forum.Slugify(title),
		Excerpt: text, Body: body(text), CreatedAt: at}
	for _, tg := range tags {
		row.TagIDs = append(row.TagIDs, tg.ID)
	}
	threadID, postID, err := f.st.CreateThread(f.ctx, row)
	f.must(err)
	return threadID, postID
}

// answer replies to a thread with the given text.
func (f *fixture) answer(threadID int64, author *forum.User, text string, at time.Time) int64 {
	f.t.Helper()
	id, err := f.st.CreateReply(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: author.ID, Body: body(text), CreatedAt: at})
	f.must(err)
	return id
}

// search runs a query that must parse and succeed, returning its first 50
// threads.
func (f *fixture) search(raw string) []forum.SearchHit {
	f.t.Helper()
	return f.searchPage(raw, 0, 50)
}

func (f *fixture) searchPage(raw string, offset, limit int) []forum.SearchHit {
	f.t.Helper()
	q, err := search.Parse(raw)
	if err != nil {
		f.t.Fatalf("parse %q: %v", raw, err)
	}
	hits, err := f.st.Search(f.ctx, forum.SearchQuery{Query: q, Offset: offset, Limit: limit})
	if err != nil {
		f.t.Fatalf("search %q: %v", raw, err)
	}
	return hits
}

// hitPosts renders hits as threadID/postID pairs for comparison.
func hitPosts(hits []forum.SearchHit) string {
	out := ""
	for _, h := range hits {
		out += fmt.Sprintf("%d/%d ", h.Thread.ID, h.Post.ID)
	}
	return out
}

func wantHits(f *fixture, raw string, want ...int64) {
	f.t.Helper()
	var got []int64
	for _, h := range f.search(raw) {
		got = append(got, h.Post.ID)
	}
	if !slices.Equal(got, want) {
		f.t.Errorf("search %q found posts %v, want %v", raw, got, want)
	}
}

func testSearchFinds(f *fixture) {
	th, op := f.post(f.sub, f.alice, "Content filter stops after an hour",
		"NEFilterDataProvider stops seeing flows; the log says errno=24 in skmem_slab.c", f.tick())
	r := f.answer(th, f.bob, "That is EMFILE: raise the limit, see com.apple.network.helper", f.tick())
	for _, c := range []struct {
		query string
		want  []int64
	}{
		{"NEFilterDataProvider", []int64{op}},
		{"filter data provider", []int64{op}},
		{"FilterDataProvider", []int64{op}},
		{"errno 24", []int64{op}},
		{"skmem_slab.c", []int64{op}},
		{"EMFILE", []int64{r}},
		{"com.apple.network", []int64{r}},
		{"hour", []int64{op}},                 // a title word
		{"content filter", []int64{op}},       // title words find the opening post
		{`"stops seeing flows"`, []int64{op}}, // a phrase
		{`"flows seeing"`, nil},
		{"kernel", nil},
		{"emfile -limit", nil},
	} {
		wantHits(f, c.query, c.want...)
	}
	hits := f.search("EMFILE")
	if len(hits) == 1 {
		h := hits[0]
		eq(f.t, "hit thread", h.Thread.ID, th)
		eq(f.t, "hit thread title", h.Thread.Title, "Content filter stops after an hour")
		eq(f.t, "hit post number", h.Post.Number, 2)
		eq(f.t, "hit post author", h.Post.Author.Username, "bob")
		eq(f.t, "hit post text", h.Post.Text, "That is EMFILE: raise the limit, see com.apple.network.helper")
	}
}

func testSearchEdits(f *fixture) {
	th, op := f.post(f.sub, f.alice, "Socket closes early", "The socket closes after kqueue reports EOF", f.tick())
	r := f.answer(th, f.bob, "Check the SO_LINGER option", f.tick())
	f.must(f.edit(r, f.bob, "Check the keepalive interval instead", f.tick()))
	wantHits(f, "SO_LINGER")
	wantHits(f, "keepalive", r)
	// Renaming the thread reindexes its opening post under the new title.
	f.must(f.st.EditPost(f.ctx, forum.EditPostRow{PostID: op, EditorID: f.alice.ID, Title: "Connection resets under load",
		Slug: "connection-resets-under-load", Excerpt: "x", Body: body("The socket resets after epoll reports EOF"),
		At: f.tick(), FoldAfter: f.clock.Add(-foldWindow)}))
	wantHits(f, "closes")
	wantHits(f, "kqueue")
	wantHits(f, "resets", op)
	wantHits(f, "connection load", op)
	wantHits(f, "epoll", op)
	// An edit that keeps the title keeps it findable.
	f.must(f.edit(op, f.alice, "Now it is about select()", f.tick()))
	wantHits(f, "connection", op)
	wantHits(f, "epoll")
	_ = th
}

func testSearchDeletes(f *fixture) {
	th, op := f.post(f.sub, f.alice, "Leaking file descriptors", "Descriptors leak when the task is cancelled", f.tick())
	r1 := f.answer(th, f.bob, "Close the descriptors in a defer block", f.tick())
	r2 := f.answer(th, f.carol, "Also close descriptors on the error path", f.tick())
	wantHits(f, "defer", r1)
	f.must(f.st.DeletePost(f.ctx, r1, f.tick()))
	wantHits(f, "defer")
	wantHits(f, "error path", r2)
	f.must(f.st.DeletePost(f.ctx, op, f.tick()))
	// The thread is gone, replies and all.
	wantHits(f, "descriptors")
	wantHits(f, "error path")
}

func testSearchFilters(f *fixture) {
	t1, p1 := f.post(f.sub, f.alice, "Goroutine leak in worker pool", "workers block on a channel", f.tick(), f.tagGo)
	r1 := f.answer(t1, f.bob, "Close the channel so workers exit", f.tick())
	t2, p2 := f.post(f.sub2, f.bob, "Index not used for channel lookups", "the planner ignores my channel index", f.tick(), f.tagSQL)
	f.clock = time.Date(2025, 6, 10, 12, 0, 0, 0, time.UTC)
	t3, p3 := f.post(f.sub, f.carol, "Channel of channels deadlocks", "a channel of channels never drains", f.tick(), f.tagGo, f.tagSQL)
	r3 := f.answer(t3, f.staff, "Drain the inner channel first", f.tick())
	f.must(f.st.SetAccepted(f.ctx, t1, r1, f.tick()))
	f.must(f.st.SetRecommended(f.ctx, r3, f.staff.ID, true, f.tick()))
	_, err := f.st.SetBoost(f.ctx, p2, f.alice.ID, true, f.tick())
	f.must(err)
	_, err = f.st.SetBoost(f.ctx, p2, f.carol.ID, true, f.tick())
	f.must(err)
	_ = t2
	// Hits are compared as sets of threads: which post of a thread is the
	// best match is testSearchRanking's business.
	for _, c := range []struct {
		query string
		want  []int64
	}{
		{"channel tag:goroutines", []int64{t1, t3}},
		{"channel tag:goroutines,indexes", []int64{t3}},
		{"channel tag:nosuchtag", nil},
		{"channel subtopic:sql", []int64{t2}},
		{"channel user:bob", []int64{t1, t2}},
		{"channel user:nobody", nil},
		{"channel is:solved", []int64{t1, t3}},
		{"channel is:recommended", []int64{t3}},
		{"channel is:unanswered", []int64{t2}},
		{"channel boosts:>1", []int64{t2}},
		{"channel boosts:>2", nil},
		{"channel after:2025-06-01", []int64{t3}},
		{"channel before:2025-06-01", []int64{t1, t2}},
		{"channel before:2025-06-10", []int64{t1, t2}},
		{"channel after:2025-06-10 before:2025-06-11", []int64{t3}},
		// Exclusion leaves out posts: r3 still finds t3.
		{"channel -drains -planner", []int64{t1, t3}},
		{"channel -planner -drain", []int64{t1, t3}},
		{"channel -planner -drain -drains", []int64{t1}},
		{`channel -"worker pool" -workers`, []int64{t2, t3}},
		// Filters alone list matching posts.
		{"user:staff", nil},
		{"user:sam", []int64{t3}},
		{"tag:indexes sort:latest", []int64{t2, t3}},
		{"is:solved -drain", []int64{t1, t3}},
	} {
		var got []int64
		for _, h := range f.search(c.query) {
			got = append(got, h.Thread.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			f.t.Errorf("search %q found threads %v, want %v", c.query, got, c.want)
		}
	}
	// user: keeps the user's own posts: bob's hit in t1 is his reply.
	for _, h := range f.search("channel user:bob") {
		if h.Post.Author.Username != "bob" {
			f.t.Errorf("user:bob found post %d by %s", h.Post.ID, h.Post.Author.Username)
		}
	}
	wantHits(f, "user:sam", r3)
	_, _ = p1, p3
}

func testSearchRanking(f *fixture) {
	// Title beats body: the same word in a title outranks it in a body.
	_, inBody := f.post(f.sub, f.alice, "Events arrive late", "we wait on kqueue for events", f.tick())
	_, inTitle := f.post(f.sub, f.bob, "kqueue events arrive late", "we wait for the events", f.tick())
	wantHits(f, "kqueue", inTitle, inBody)

	// Equal text: a solved thread outranks an unsolved one, whatever their
	// age; between equals the newer wins.
	tOld, pOld := f.post(f.sub2, f.alice, "Vacuum blocks writers", "autovacuum holds a lock", f.tick())
	_, pMid := f.post(f.sub2, f.bob, "Vacuum blocks writers", "autovacuum holds a lock", f.tick())
	_, pNew := f.post(f.sub2, f.carol, "Vacuum blocks writers", "autovacuum holds a lock", f.tick())
	wantHits(f, "autovacuum", pNew, pMid, pOld)
	ans := f.answer(tOld, f.staff, "Tune the cost limit", f.tick())
	f.must(f.st.SetAccepted(f.ctx, tOld, ans, f.tick()))
	wantHits(f, "autovacuum", pOld, pNew, pMid)

	// One hit per thread, with the post that matched best: the title and
	// the body both name it, so the opening post wins over a reply.
	th, op := f.post(f.sub, f.carol, "Inotify watch limit", "inotify runs out of watches", f.tick())
	f.answer(th, f.alice, "raise the inotify limit", f.tick())
	f.answer(th, f.bob, "inotify is per user", f.tick())
	hits := f.search("inotify")
	if len(hits) != 1 || hits[0].Post.ID != op {
		f.t.Errorf("search inotify = %s, want one hit %d/%d", hitPosts(hits), th, op)
	}
}

func testSearchSortsAndPages(f *fixture) {
	t1, p1 := f.post(f.sub, f.alice, "Mutex starvation one", "mutex starvation", f.tick())
	_, p2 := f.post(f.sub, f.bob, "Mutex starvation two", "mutex starvation", f.tick())
	_, p3 := f.post(f.sub, f.carol, "Mutex starvation three", "mutex starvation", f.tick())
	r1 := f.answer(t1, f.bob, "a mutex in a loop", f.tick())
	for _, u := range []*forum.User{f.bob, f.carol} {
		_, err := f.st.SetBoost(f.ctx, p2, u.ID, true, f.tick())
		f.must(err)
	}
	wantHits(f, "mutex sort:latest", r1, p3, p2)
	wantHits(f, "mutex sort:boosts", p2, r1, p3)
	all := f.search("mutex")
	eq(f.t, "threads found", len(all), 3)
	var paged []forum.SearchHit
	for off := 0; off < 4; off += 2 {
		paged = append(paged, f.searchPage("mutex", off, 2)...)
	}
	eq(f.t, "paged", hitPosts(paged), hitPosts(all))
	eq(f.t, "past the end", len(f.searchPage("mutex", 3, 2)), 0)
	_ = p1
}

func testSimilarThreads(f *fixture) {
	t1, _ := f.post(f.sub, f.alice, "URLSession download task never finishes", "the task hangs", f.tick())
	t2, _ := f.post(f.sub, f.bob, "Background download task stalls", "it stalls", f.tick())
	t3, _ := f.post(f.sub2, f.carol, "Upload speed is slow", "uploads are slow; URLSession download elsewhere", f.tick())
	th, _ := f.post(f.sub, f.carol, "Download task deleted", "gone", f.tick())
	_ = t3
	thOp := f.getThread(th).FirstPostID
	f.must(f.st.DeletePost(f.ctx, thOp, f.tick()))
	terms := func(words ...string) []search.Term {
		var out []search.Term
		for _, w := range words {
			out = append(out, search.Term{Text: w, Tokens: search.Terms(w)})
		}
		return out
	}
	got, err := f.st.SimilarThreads(f.ctx, forum.SimilarQuery{Terms: terms("URLSession", "download", "task"), Limit: 5})
	f.must(err)
	// Titles only: t3 names URLSession in its body, not its title.
	eqIDs(f.t, "similar", threadIDs(got), []int64{t1, t2})
	got, err = f.st.SimilarThreads(f.ctx, forum.SimilarQuery{Terms: terms("URLSession", "download", "task"), Limit: 1})
	f.must(err)
	eqIDs(f.t, "similar, limit 1", threadIDs(got), []int64{t1})
	got, err = f.st.SimilarThreads(f.ctx, forum.SimilarQuery{Terms: terms("zebra"), Limit: 5})
	f.must(err)
	eqIDs(f.t, "similar, no match", threadIDs(got), nil)
}
