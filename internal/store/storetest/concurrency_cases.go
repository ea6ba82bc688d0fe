package storetest

import (
	"errors"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// testConcurrentReplies races 30 replies to one thread: each must get its
// own number, and together exactly 2..31.
func testConcurrentReplies(f *fixture) {
	t := f.t
	t0 := f.tick()
	th, _ := f.thread(f.sub, f.alice, "Hot thread", t0)
	users := []*forum.User{f.bob, f.carol, f.staff}
	const n = 30
	results := parallel(n, func(i int) (int64, error) {
		return f.st.CreateReply(f.ctx, forum.NewPostRow{ThreadID: th, AuthorID: users[i%3].ID,
			Body: body(fmt.Sprintf("reply %d", i)), CreatedAt: t0.Add(time.Duration(i+1) * time.Second)})
	})
	ids := map[int64]bool{}
	numbers := map[int]bool{}
	for _, r := range results {
		wantErr(t, "concurrent CreateReply", r.err, nil)
		if ids[r.val] {
			t.Errorf("post id %d returned twice", r.val)
		}
		ids[r.val] = true
		p := f.getPost(r.val)
		if numbers[p.Number] {
			t.Errorf("post number %d given twice", p.Number)
		}
		numbers[p.Number] = true
	}
	for want := 2; want <= n+1; want++ {
		if !numbers[want] {
			t.Errorf("no reply got number %d", want)
		}
	}
	got := f.getThread(th)
	eq(t, "reply count", got.ReplyCount, n)
	eq(t, "post seq", got.PostSeq, n+1)
	eqTime(t, "activity is the newest reply", got.LastActivityAt, t0.Add(n*time.Second))
	for _, u := range users {
		eq(t, u.Username+" replies", f.getUser(u.ID).ReplyCount, n/3)
	}
	posts, err := f.st.Posts(f.ctx, th, 1, 1000)
	f.must(err)
	for i, p := range posts {
		eq(t, "consecutive numbers", p.Number, i+1)
	}
}

// testConcurrentMixed runs every kind of thread write at once against two
// threads, one of which is deleted while it is being written to. Writes may
// lose a race (ErrNotFound) but must not fail otherwise, and afterwards
// every counter must equal its rows.
func testConcurrentMixed(f *fixture) {
	t := f.t
	users := []*forum.User{f.bob, f.carol, f.staff, f.alice}
	for round := range 3 {
		th, op := f.thread(f.sub, f.alice, "Busy", f.tick(), f.tagGo)
		doomed, doomedOp := f.thread(f.sub, f.bob, "Doomed", f.tick(), f.tagGo, f.tagSQL)
		var r, d []int64
		for i := range 8 {
			r = append(r, f.reply(th, users[i%3], f.tick()))
			d = append(d, f.reply(doomed, users[(i+1)%3], f.tick()))
		}
		base := f.tick()
		ops := []func(i int) error{
			func(i int) error { _, err := f.st.CreateReply(f.ctx, reply(th, users[i%4], base)); return err },
			func(i int) error { _, err := f.st.CreateReply(f.ctx, reply(doomed, users[i%4], base)); return err },
			func(i int) error { return f.st.DeletePost(f.ctx, r[i%4], base) },
			func(i int) error { return f.st.DeletePost(f.ctx, d[i%8], base) },
			func(i int) error { return f.st.SetRecommended(f.ctx, r[i%6], f.staff.ID, i%3 != 0, base) },
			func(i int) error { return f.st.SetRecommended(f.ctx, d[i%8], f.staff.ID, true, base) },
			func(i int) error { return f.st.SetAccepted(f.ctx, th, r[i%6], base) },
			func(i int) error { return f.st.SetAccepted(f.ctx, doomed, d[i%8], base) },
			func(i int) error { _, err := f.st.SetBoost(f.ctx, op, users[i%4].ID, i%5 != 0, base); return err },
			func(i int) error { _, err := f.st.SetBoost(f.ctx, r[i%6], users[i%4].ID, true, base); return err },
			func(i int) error { _, err := f.st.SetBoost(f.ctx, doomedOp, users[i%4].ID, true, base); return err },
			func(i int) error { return f.edit(r[4+i%4], users[i%2], fmt.Sprintf("edit %d", i), base) },
			func(i int) error { return f.edit(op, users[i%2], fmt.Sprintf("edit %d", i), base.Add(time.Hour)) },
			func(i int) error { return f.st.AddViews(f.ctx, map[int64]int64{th: 1, doomed: 1}) },
			func(i int) error {
				if i == 7 {
					return f.st.DeletePost(f.ctx, doomedOp, base)
				}
				return nil
			},
		}
		results := parallel(len(ops)*12, func(i int) (struct{}, error) {
			return struct{}{}, ops[i%len(ops)](i / len(ops))
		})
		for i, res := range results {
			if res.err != nil && !errors.Is(res.err, forum.ErrNotFound) {
				t.Errorf("round %d, write %d: %v", round, i, res.err)
			}
		}
		f.checkCounters()
		got := f.getThread(th)
		posts, err := f.st.Posts(f.ctx, th, 1, 1000)
		f.must(err)
		live := 0
		for i, p := range posts {
			eq(t, "consecutive numbers", p.Number, i+1)
			if !p.Deleted && p.Number > 1 {
				live++
			}
			if p.Accepted && p.Deleted {
				t.Errorf("deleted post %d is the accepted answer", p.ID)
			}
		}
		eq(t, "reply count equals live replies", got.ReplyCount, live)
		eq(t, "post seq equals posts", got.PostSeq, len(posts))
		_, err = f.st.Thread(f.ctx, doomed)
		wantErr(t, "the doomed thread", err, forum.ErrNotFound)
	}
}

func reply(threadID int64, u *forum.User, at time.Time) forum.NewPostRow {
	return forum.NewPostRow{ThreadID: threadID, AuthorID: u.ID, Body: body("racing reply"), CreatedAt: at}
}
