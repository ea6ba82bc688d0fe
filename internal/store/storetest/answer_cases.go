package storetest

import (
	"github.com/parley-forum/parley/internal/forum"
)

func (f *fixture) answerIDs(threadID int64) []int64 {
	f.t.Helper()
	posts, err := f.st.AnswerPosts(f.ctx, threadID)
	f.must(err)
	out := make([]int64, len(posts))
	for i, p := range posts {
		out[i] = p.ID
	}
	return out
}

// testAccept checks that only a live reply of the same thread can be
// accepted, that the answer can change, and that 0 clears it.
func testAccept(f *fixture) {
	t := f.t
	th, op := f.thread(f.sub, f.alice, "Question", f.tick())
	r1 := f.reply(th, f.bob, f.tick())
	r2 := f.reply(th, f.carol, f.tick())
	r3 := f.reply(th, f.carol, f.tick())
	f.must(f.st.DeletePost(f.ctx, r3, f.tick()))
	th2, _ := f.thread(f.sub, f.bob, "Elsewhere", f.tick())
	x := f.reply(th2, f.alice, f.tick())
	for _, c := range []struct {
		what         string
		thread, post int64
	}{
		{"a reply of another thread", th, x}, {"the opening post", th, op}, {"a missing post", th, x + 1000},
		{"a deleted reply", th, r3}, {"a missing thread", th2 + 1000, r1}, {"clearing a missing thread", th2 + 1000, 0},
	} {
		wantErr(t, "accepting "+c.what, f.st.SetAccepted(f.ctx, c.thread, c.post, f.tick()), forum.ErrNotFound)
	}
	eq(t, "accepted after refusals", f.getThread(th).AcceptedPostID, int64(0))
	solved := forum.ListQuery{Sort: forum.SortNewest, Filter: forum.FilterSolved}

	f.must(f.st.SetAccepted(f.ctx, th, r1, f.tick()))
	eq(t, "accepted", f.getThread(th).AcceptedPostID, r1)
	eq(t, "accepted flag", f.getPost(r1).Accepted, true)
	eq(t, "other reply's flag", f.getPost(r2).Accepted, false)
	eq(t, "solved", f.listed(th, solved), true)
	eqIDs(t, "answers", f.answerIDs(th), []int64{r1})

	f.must(f.st.SetAccepted(f.ctx, th, r2, f.tick()))
	f.must(f.st.SetAccepted(f.ctx, th, r2, f.tick()))
	eq(t, "changed answer", f.getThread(th).AcceptedPostID, r2)
	eq(t, "former answer's flag", f.getPost(r1).Accepted, false)
	eqIDs(t, "answers after the change", f.answerIDs(th), []int64{r2})

	f.must(f.st.SetAccepted(f.ctx, th, 0, f.tick()))
	eq(t, "cleared", f.getThread(th).AcceptedPostID, int64(0))
	eq(t, "solved after clearing", f.listed(th, solved), false)
	eqIDs(t, "answers after clearing", f.answerIDs(th), nil)
	eq(t, "other thread untouched", f.getThread(th2).AcceptedPostID, int64(0))
}

// testRecommend checks that recommending is idempotent both ways and that
// the thread's count of recommended replies follows.
func testRecommend(f *fixture) {
	t := f.t
	th, op := f.thread(f.sub, f.alice, "Question", f.tick())
	r1 := f.reply(th, f.bob, f.tick())
	r2 := f.reply(th, f.carol, f.tick())
	solved := forum.ListQuery{Sort: forum.SortNewest, Filter: forum.FilterSolved}
	rec := func(id int64, on bool, want int) {
		t.Helper()
		f.must(f.st.SetRecommended(f.ctx, id, f.staff.ID, on, f.tick()))
		eq(t, "recommended replies", f.getThread(th).Recommended, want)
		eq(t, "post flag", f.getPost(id).Recommended, on)
		eq(t, "solved", f.listed(th, solved), want > 0)
		f.checkCounters()
	}
	rec(r1, true, 1)
	rec(r1, true, 1)
	rec(r2, true, 2)
	eqIDs(t, "answers", f.answerIDs(th), []int64{r1, r2})
	rec(r1, false, 1)
	rec(r1, false, 1)
	rec(r2, false, 0)
	rec(r2, false, 0)
	wantErr(t, "recommending the opening post", f.st.SetRecommended(f.ctx, op, f.staff.ID, true, f.tick()), forum.ErrNotFound)
	wantErr(t, "recommending a missing post", f.st.SetRecommended(f.ctx, r2+1000, f.staff.ID, true, f.tick()), forum.ErrNotFound)
	f.must(f.st.DeletePost(f.ctx, r1, f.tick()))
	wantErr(t, "recommending a deleted reply", f.st.SetRecommended(f.ctx, r1, f.staff.ID, true, f.tick()), forum.ErrNotFound)
	eq(t, "recommended at the end", f.getThread(th).Recommended, 0)
}

// testAnswerPosts checks that an answer both accepted and recommended is
// listed once, in thread order with the others, and that plain and deleted
// replies are not.
func testAnswerPosts(f *fixture) {
	t := f.t
	th, _ := f.thread(f.sub, f.alice, "Question", f.tick())
	r1 := f.reply(th, f.bob, f.tick())
	r2 := f.reply(th, f.carol, f.tick())
	r3 := f.reply(th, f.bob, f.tick())
	r4 := f.reply(th, f.carol, f.tick())
	f.must(f.st.SetRecommended(f.ctx, r3, f.staff.ID, true, f.tick()))
	f.must(f.st.SetRecommended(f.ctx, r1, f.staff.ID, true, f.tick()))
	f.must(f.st.SetRecommended(f.ctx, r4, f.staff.ID, true, f.tick()))
	f.must(f.st.SetAccepted(f.ctx, th, r3, f.tick()))
	f.must(f.st.DeletePost(f.ctx, r4, f.tick()))
	posts, err := f.st.AnswerPosts(f.ctx, th)
	f.must(err)
	if len(posts) != 2 || posts[0].ID != r1 || posts[1].ID != r3 {
		t.Fatalf("AnswerPosts = %+v, want replies %d and %d", posts, r1, r3)
	}
	if !posts[0].Recommended || posts[0].Accepted || !posts[1].Recommended || !posts[1].Accepted {
		t.Errorf("answer flags: %+v", posts)
	}
	if f.getPost(r2).Recommended {
		t.Errorf("reply %d was never recommended", r2)
	}
	plain, _ := f.thread(f.sub2, f.bob, "No answers", f.tick())
	f.reply(plain, f.alice, f.tick())
	eqIDs(t, "answers of a thread without any", f.answerIDs(plain), nil)
}
