package storetest

import (
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// testViews checks that buffered view counts add up, also when flushes
// overlap, and that views are not activity.
func testViews(f *fixture) {
	t := f.t
	created := f.tick()
	th1, _ := f.thread(f.sub, f.alice, "One", created)
	th2, _ := f.thread(f.sub, f.bob, "Two", f.tick())
	f.must(f.st.AddViews(f.ctx, map[int64]int64{th1: 3, th2: 5}))
	f.must(f.st.AddViews(f.ctx, map[int64]int64{th1: 4}))
	f.must(f.st.AddViews(f.ctx, nil))
	f.must(f.st.AddViews(f.ctx, map[int64]int64{th2 + 1000: 7}))
	eq(t, "views one", f.getThread(th1).ViewCount, int64(7))
	eq(t, "views two", f.getThread(th2).ViewCount, int64(5))
	for _, r := range parallel(10, func(int) (struct{}, error) {
		return struct{}{}, f.st.AddViews(f.ctx, map[int64]int64{th2: 2, th1: 1})
	}) {
		wantErr(t, "concurrent AddViews", r.err, nil)
	}
	eq(t, "views one after concurrent flushes", f.getThread(th1).ViewCount, int64(17))
	eq(t, "views two after concurrent flushes", f.getThread(th2).ViewCount, int64(25))
	eqIDs(t, "most viewed first", threadIDs(f.list(forum.ListQuery{Sort: forum.SortViews, Desc: true})), []int64{th2, th1})
	eqTime(t, "views are not activity", f.getThread(th1).LastActivityAt, created)
}

// testActivity checks that replies, edits, accepting and recommending move
// a thread's last activity forward, and that a write stamped earlier than
// the current activity (another node's clock) never moves it back.
func testActivity(f *fixture) {
	t := f.t
	t0 := f.tick()
	th, op := f.thread(f.sub, f.alice, "Question", t0)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	activity := func(what string, want time.Time) {
		t.Helper()
		eqTime(t, "activity after "+what, f.getThread(th).LastActivityAt, want)
	}
	r1 := f.reply(th, f.bob, at(10))
	activity("a reply", at(10))
	f.reply(th, f.carol, at(5))
	activity("an earlier-stamped reply", at(10))
	f.must(f.edit(op, f.alice, "edited", at(20)))
	activity("an edit", at(20))
	f.must(f.edit(r1, f.bob, "edited", at(15)))
	activity("an earlier-stamped edit", at(20))
	f.must(f.st.SetAccepted(f.ctx, th, r1, at(30)))
	activity("accepting", at(30))
	f.must(f.st.SetAccepted(f.ctx, th, 0, at(25)))
	activity("an earlier-stamped clearing", at(30))
	f.must(f.st.SetRecommended(f.ctx, r1, f.staff.ID, true, at(40)))
	activity("recommending", at(40))
	f.must(f.st.SetRecommended(f.ctx, r1, f.staff.ID, false, at(35)))
	activity("an earlier-stamped unrecommending", at(40))
	f.must(f.st.DeletePost(f.ctx, f.reply(th, f.carol, at(41)), at(60)))
	activity("deleting a reply (not activity)", at(41))
	th2, _ := f.thread(f.sub, f.bob, "Newer thread, older activity", at(38))
	eqIDs(t, "activity order", threadIDs(f.list(forum.ListQuery{Sort: forum.SortActivity, Desc: true})), []int64{th, th2})
	eqTime(t, "subtopic activity", f.getSubtopic("go").LastActivityAt, at(41))
}
