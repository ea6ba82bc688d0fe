package storetest

import (
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/search"
)

// similarCases check how SimilarThreads ranks and trims its list.
func similarCases() []contractCase {
	return []contractCase{
		{"SimilarDropsWeakMatches", testSimilarDropsWeak},
		{"SimilarLiftsSubtopicAndTags", testSimilarLifts},
	}
}

func similarTerms(words ...string) []search.Term {
	var out []search.Term
	for _, w := range words {
		out = append(out, search.Term{Text: w, Tokens: search.Terms(w)})
	}
	return out
}

// A draft about a network error finds the thread about that error, not
// every title that says "network" or "offline".
func testSimilarDropsWeak(f *fixture) {
	hit, _ := f.post(f.sub, f.alice, "Offline network error -1009 on iOS", "x", f.tick())
	f.post(f.sub, f.bob, "Network settings page request", "x", f.tick())
	f.post(f.sub2, f.bob, "Network proxy support", "x", f.tick())
	f.post(f.sub2, f.carol, "Network tab redesign", "x", f.tick())
	f.post(f.sub2, f.carol, "Feature request: offline mode for the reader", "x", f.tick())
	f.post(f.sub, f.carol, "Network graph colours", "x", f.tick())
	got, err := f.st.SimilarThreads(f.ctx, forum.SimilarQuery{Terms: similarTerms("network", "1009", "offline"), Limit: 5})
	f.must(err)
	eqIDs(f.t, "similar", threadIDs(got), []int64{hit})
	// A title sharing both rarer words stays too; one sharing only one of
	// them still does not.
	hit2, _ := f.post(f.sub2, f.alice, "Still offline with code -1009 after waking", "x", f.tick())
	got, err = f.st.SimilarThreads(f.ctx, forum.SimilarQuery{Terms: similarTerms("network", "1009", "offline"), Limit: 5})
	f.must(err)
	eqIDs(f.t, "similar, two", threadIDs(got), []int64{hit, hit2})
}

// Between titles sharing the same words, the draft's subtopic and tags
// decide.
func testSimilarLifts(f *fixture) {
	a, _ := f.post(f.sub, f.alice, "Keychain item lost after restore", "x", f.tick())
	b, _ := f.post(f.sub2, f.bob, "Keychain item lost after restore", "x", f.tick(), f.tagSQL)
	c, _ := f.post(f.sub2, f.carol, "Keychain item lost after restore", "x", f.tick())
	q := forum.SimilarQuery{Terms: similarTerms("keychain", "lost", "restore"), Limit: 5}
	got, err := f.st.SimilarThreads(f.ctx, q)
	f.must(err)
	eqIDs(f.t, "no context: newest first", threadIDs(got), []int64{c, b, a})
	q.Subtopic = f.sub.Slug
	got, err = f.st.SimilarThreads(f.ctx, q)
	f.must(err)
	eqIDs(f.t, "same subtopic first", threadIDs(got), []int64{a, c, b})
	q.Tags = []string{f.tagSQL.Name}
	q.Subtopic = f.sub2.Slug
	got, err = f.st.SimilarThreads(f.ctx, q)
	f.must(err)
	eqIDs(f.t, "subtopic and tag first", threadIDs(got), []int64{b, c, a})
}
