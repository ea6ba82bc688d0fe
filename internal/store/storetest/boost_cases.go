package storetest

import (
	"fmt"

	"github.com/parley-forum/parley/internal/forum"
)

func (f *fixture) boost(postID int64, u *forum.User, on bool) int {
	f.t.Helper()
	n, err := f.st.SetBoost(f.ctx, postID, u.ID, on, f.tick())
	f.must(err)
	return n
}

// testBoostSequential checks that boosting is idempotent in both
// directions and that only the opening post's boosts count for the thread.
func testBoostSequential(f *fixture) {
	t := f.t
	th, op := f.thread(f.sub, f.alice, "Question", f.tick())
	r := f.reply(th, f.bob, f.tick())
	eq(t, "first boost", f.boost(op, f.bob, true), 1)
	eq(t, "same boost again", f.boost(op, f.bob, true), 1)
	eq(t, "second user", f.boost(op, f.carol, true), 2)
	eq(t, "thread boosts", f.getThread(th).BoostCount, 2)
	eq(t, "post boosts", f.getPost(op).BoostCount, 2)
	eq(t, "unboost", f.boost(op, f.bob, false), 1)
	eq(t, "unboost again", f.boost(op, f.bob, false), 1)
	eq(t, "unboost by a user who never boosted", f.boost(op, f.staff, false), 1)
	eq(t, "thread boosts after unboost", f.getThread(th).BoostCount, 1)
	eq(t, "reply boost", f.boost(r, f.carol, true), 1)
	eq(t, "reply boosts do not count for the thread", f.getThread(th).BoostCount, 1)
	eq(t, "reply post boosts", f.getPost(r).BoostCount, 1)

	got, err := f.st.BoostedBy(f.ctx, f.carol.ID, []int64{op, r, r + 1000})
	f.must(err)
	eq(t, "BoostedBy(carol)", fmt.Sprint(got), fmt.Sprint(map[int64]bool{op: true, r: true}))
	for _, c := range []struct {
		user int64
		ids  []int64
	}{{f.bob.ID, []int64{op, r}}, {0, []int64{op}}, {f.carol.ID, nil}} {
		got, err := f.st.BoostedBy(f.ctx, c.user, c.ids)
		f.must(err)
		if len(got) != 0 {
			t.Errorf("BoostedBy(%d, %v) = %v, want none", c.user, c.ids, got)
		}
	}
	_, err = f.st.SetBoost(f.ctx, r+1000, f.carol.ID, true, f.tick())
	wantErr(t, "boost of a missing post", err, forum.ErrNotFound)
	f.must(f.st.DeletePost(f.ctx, r, f.tick()))
	_, err = f.st.SetBoost(f.ctx, r, f.staff.ID, true, f.tick())
	wantErr(t, "boost of a deleted reply", err, forum.ErrNotFound)
}

// testBoostConcurrent races 20 users boosting one post against one user
// boosting and unboosting it 20 times; then the 20 unboost while the one
// boosts 20 times. The count must equal the boosts kept, for the post and
// (for an opening post) the thread.
func testBoostConcurrent(f *fixture, opening bool) {
	t := f.t
	th, op := f.thread(f.sub, f.alice, "Popular", f.tick())
	target := op
	if !opening {
		target = f.reply(th, f.bob, f.tick())
	}
	users := make([]*forum.User, 20)
	for i := range users {
		users[i] = f.user(fmt.Sprintf("booster%02d", i), forum.RoleMember)
	}
	at := f.tick()
	round := func(many bool) {
		t.Helper()
		results := parallel(40, func(i int) (int, error) {
			if i < 20 {
				return f.st.SetBoost(f.ctx, target, users[i].ID, many, at)
			}
			return f.st.SetBoost(f.ctx, target, f.carol.ID, i%2 == 0 || !many, at)
		})
		for _, r := range results {
			wantErr(t, "concurrent SetBoost", r.err, nil)
			if r.val < 0 || r.val > 21 {
				t.Errorf("SetBoost returned count %d", r.val)
			}
		}
		ids := []int64{target}
		kept := 0
		for _, u := range append(users, f.carol) {
			b, err := f.st.BoostedBy(f.ctx, u.ID, ids)
			f.must(err)
			if b[target] {
				kept++
			}
		}
		if many && (kept < 20 || kept > 21) {
			t.Errorf("%d boosts kept after 20 users boosted and one toggled", kept)
		}
		if !many && kept != 1 {
			t.Errorf("%d boosts kept after 20 unboosts and 20 boosts by one user, want 1", kept)
		}
		p := f.getPost(target)
		eq(t, "post boost count equals boosts kept", p.BoostCount, kept)
		thread := f.getThread(th)
		if opening {
			eq(t, "thread boost count equals boosts kept", thread.BoostCount, kept)
		} else {
			eq(t, "thread boost count after reply boosts", thread.BoostCount, 0)
		}
		f.checkCounters()
	}
	round(true)
	round(false)
}
