package storetest

import (
	"errors"
	"slices"

	"github.com/parley-forum/parley/internal/forum"
)

// deleteAgain deletes an already deleted post; the store may report
// ErrNotFound or nothing, but must not count the post out twice.
func (f *fixture) deleteAgain(postID int64) {
	f.t.Helper()
	if err := f.st.DeletePost(f.ctx, postID, f.tick()); err != nil && !errors.Is(err, forum.ErrNotFound) {
		f.t.Fatalf("deleting post %d again: %v", postID, err)
	}
	f.checkCounters()
}

func (f *fixture) listed(threadID int64, q forum.ListQuery) bool {
	q.Limit = forum.MaxPageSize
	return slices.Contains(threadIDs(f.list(q)), threadID)
}

// testDeleteReply checks that deleting replies fixes every counter, clears
// an accepted answer, lowers the recommended count and keeps post numbers.
func testDeleteReply(f *fixture) {
	t := f.t
	th, _ := f.thread(f.sub, f.alice, "Question", f.tick(), f.tagGo)
	r1 := f.reply(th, f.bob, f.tick())
	r2 := f.reply(th, f.carol, f.tick())
	r3 := f.reply(th, f.bob, f.tick())
	_, err := f.st.SetBoost(f.ctx, r1, f.carol.ID, true, f.tick())
	f.must(err)
	f.must(f.st.SetRecommended(f.ctx, r2, f.staff.ID, true, f.tick()))
	f.must(f.st.SetAccepted(f.ctx, th, r3, f.tick()))
	solved := forum.ListQuery{Sort: forum.SortNewest, Filter: forum.FilterSolved}
	unanswered := forum.ListQuery{Sort: forum.SortNewest, Filter: forum.FilterUnanswered}

	f.must(f.st.DeletePost(f.ctx, r3, f.tick()))
	got := f.getThread(th)
	eq(t, "accepted after deleting the accepted reply", got.AcceptedPostID, int64(0))
	eq(t, "reply count", got.ReplyCount, 2)
	eq(t, "post seq keeps deleted numbers", got.PostSeq, 4)
	eq(t, "recommended", got.Recommended, 1)
	eq(t, "still solved by the recommendation", f.listed(th, solved), true)
	eq(t, "bob replies", f.getUser(f.bob.ID).ReplyCount, 1)
	p := f.getPost(r3)
	if !p.Deleted || p.Accepted {
		t.Errorf("deleted accepted reply: deleted %v accepted %v", p.Deleted, p.Accepted)
	}
	posts, err := f.st.Posts(f.ctx, th, 1, 10)
	f.must(err)
	if len(posts) != 4 || !posts[3].Deleted || posts[2].Deleted {
		t.Errorf("Posts must list deleted replies in place: %+v", posts)
	}
	f.checkCounters()

	f.must(f.st.DeletePost(f.ctx, r2, f.tick()))
	got = f.getThread(th)
	eq(t, "recommended after deleting the recommended reply", got.Recommended, 0)
	eq(t, "solved after losing both answers", f.listed(th, solved), false)
	eq(t, "carol replies", f.getUser(f.carol.ID).ReplyCount, 0)
	f.checkCounters()
	f.deleteAgain(r2)
	eq(t, "reply count after deleting twice", f.getThread(th).ReplyCount, 1)
	eq(t, "carol replies after deleting twice", f.getUser(f.carol.ID).ReplyCount, 0)

	eq(t, "answered while a reply lives", f.listed(th, unanswered), false)
	f.must(f.st.DeletePost(f.ctx, r1, f.tick()))
	eq(t, "unanswered once every reply is deleted", f.listed(th, unanswered), true)
	eq(t, "reply count", f.getThread(th).ReplyCount, 0)
	f.checkCounters()

	r4 := f.reply(th, f.carol, f.tick())
	eq(t, "number after deleted replies", f.getPost(r4).Number, 5)
	wantErr(t, "delete of a missing post", f.st.DeletePost(f.ctx, r4+1000, f.tick()), forum.ErrNotFound)
	eq(t, "thread count untouched by reply deletes", f.getSubtopic("go").ThreadCount, 1)
	eq(t, "tag count untouched by reply deletes", f.getTag("goroutines").ThreadCount, 1)
}

// testDeleteOpening checks that deleting an opening post removes the thread
// from every list and count, reply authors' counts included, and that
// nothing can be written to it afterwards.
func testDeleteOpening(f *fixture) {
	t := f.t
	th2, _ := f.thread(f.sub, f.alice, "Survivor", f.tick())
	keep := f.reply(th2, f.bob, f.tick())
	survivorActivity := f.clock
	th, op := f.thread(f.sub, f.alice, "Doomed", f.tick(), f.tagGo, f.tagSQL)
	r1 := f.reply(th, f.bob, f.tick())
	r2 := f.reply(th, f.carol, f.tick())
	r3 := f.reply(th, f.bob, f.tick())
	r4 := f.reply(th, f.carol, f.tick())
	f.must(f.st.DeletePost(f.ctx, r3, f.tick()))
	f.must(f.st.SetAccepted(f.ctx, th, r4, f.tick()))
	eq(t, "bob replies before", f.getUser(f.bob.ID).ReplyCount, 2)
	eq(t, "carol replies before", f.getUser(f.carol.ID).ReplyCount, 2)

	f.must(f.st.DeletePost(f.ctx, op, f.tick()))
	f.checkCounters()
	_, err := f.st.Thread(f.ctx, th)
	wantErr(t, "Thread of a deleted thread", err, forum.ErrNotFound)
	for _, id := range []int64{op, r1} {
		_, err := f.st.Post(f.ctx, id)
		wantErr(t, "Post in a deleted thread", err, forum.ErrNotFound)
	}
	for _, q := range []forum.ListQuery{
		{Sort: forum.SortActivity, Desc: true}, {Scope: forum.Scope{SubtopicID: f.sub.ID}, Sort: forum.SortNewest},
		{Scope: forum.Scope{TagID: f.tagGo.ID}, Sort: forum.SortReplies}, {Scope: forum.Scope{AuthorID: f.alice.ID}, Sort: forum.SortBoosts},
		{Sort: forum.SortViews, Filter: forum.FilterSolved}, {Sort: forum.SortViews, Filter: forum.FilterUnanswered},
	} {
		if f.listed(th, q) {
			t.Errorf("deleted thread listed by %+v", q)
		}
	}
	sub := f.getSubtopic("go")
	eq(t, "subtopic threads", sub.ThreadCount, 1)
	eqTime(t, "subtopic activity ignores the deleted thread", sub.LastActivityAt, survivorActivity)
	eq(t, "tag goroutines", f.getTag("goroutines").ThreadCount, 0)
	eq(t, "tag indexes", f.getTag("indexes").ThreadCount, 0)
	eq(t, "alice threads", f.getUser(f.alice.ID).ThreadCount, 1)
	eq(t, "bob replies", f.getUser(f.bob.ID).ReplyCount, 1)
	eq(t, "carol replies", f.getUser(f.carol.ID).ReplyCount, 0)
	replies, err := f.st.UserReplies(f.ctx, f.bob.ID, 10)
	f.must(err)
	if len(replies) != 1 || replies[0].Post.ID != keep {
		t.Errorf("bob's replies after the thread was deleted: %+v", replies)
	}

	// Nothing reaches a deleted thread any more, and counters stay true.
	_, err = f.st.CreateReply(f.ctx, forum.NewPostRow{ThreadID: th, AuthorID: f.bob.ID, Body: body("late"), CreatedAt: f.tick()})
	wantErr(t, "reply to a deleted thread", err, forum.ErrNotFound)
	wantErr(t, "delete a reply of a deleted thread", f.st.DeletePost(f.ctx, r2, f.tick()), forum.ErrNotFound)
	wantErr(t, "accept in a deleted thread", f.st.SetAccepted(f.ctx, th, r2, f.tick()), forum.ErrNotFound)
	wantErr(t, "recommend in a deleted thread", f.st.SetRecommended(f.ctx, r2, f.staff.ID, true, f.tick()), forum.ErrNotFound)
	_, err = f.st.SetBoost(f.ctx, r1, f.carol.ID, true, f.tick())
	wantErr(t, "boost in a deleted thread", err, forum.ErrNotFound)
	wantErr(t, "flags of a deleted thread", f.st.SetThreadFlags(f.ctx, th, true, true), forum.ErrNotFound)
	f.must(f.st.AddViews(f.ctx, map[int64]int64{th: 5, th2: 1}))
	f.deleteAgain(op)
	eq(t, "carol replies at the end", f.getUser(f.carol.ID).ReplyCount, 0)
	eq(t, "alice threads at the end", f.getUser(f.alice.ID).ThreadCount, 1)
	eq(t, "survivor views", f.getThread(th2).ViewCount, int64(1))
}
