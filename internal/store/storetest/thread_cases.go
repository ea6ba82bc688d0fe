package storetest

import (
	"reflect"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// testCreateThread checks what a new thread and its replies look like and
// that every counter including them moved by exactly one.
func testCreateThread(f *fixture) {
	t := f.t
	at0 := f.tick()
	title := "How do channels close?"
	th, p1 := f.thread(f.sub, f.alice, title, at0, f.tagSQL, f.tagGo)
	got := f.getThread(th)
	want := forum.Thread{ID: th, Title: title, Slug: forum.Slugify(title), Excerpt: "Excerpt of " + title,
		Subtopic:    forum.SubtopicRef{ID: f.sub.ID, Slug: "go", Title: "Go"},
		Author:      forum.Author{ID: f.alice.ID, Username: "alice", DisplayName: "User alice", Role: forum.RoleMember},
		FirstPostID: p1, CreatedAt: at0, LastActivityAt: at0, PostSeq: 1}
	eq(t, "tags (by name)", join(got.Tags), "goroutines indexes")
	got.Tags = nil
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("new thread:\n got %+v\nwant %+v", *got, want)
	}

	op := f.getPost(p1)
	eq(t, "opening post", *op, forum.Post{ID: p1, ThreadID: th, Number: 1, Author: want.Author,
		BodySource: "Opening post of " + title, BodyHTML: "<p>Opening post of " + title + "</p>",
		CreatedAt: at0, RevisionCount: 1})

	var replies []int64
	var last time.Time
	for _, u := range []*forum.User{f.bob, f.carol, f.bob} {
		last = f.tick()
		replies = append(replies, f.reply(th, u, last))
	}
	for i, id := range replies {
		p := f.getPost(id)
		eq(t, "reply number", p.Number, i+2)
		eq(t, "reply thread", p.ThreadID, th)
		if i > 0 && id <= replies[i-1] {
			t.Errorf("reply ids %v are not increasing", replies)
		}
	}
	got = f.getThread(th)
	eq(t, "reply count", got.ReplyCount, 3)
	eq(t, "post seq", got.PostSeq, 4)
	eqTime(t, "last activity", got.LastActivityAt, last)
	eq(t, "alice threads", f.getUser(f.alice.ID).ThreadCount, 1)
	eq(t, "alice replies", f.getUser(f.alice.ID).ReplyCount, 0)
	eq(t, "bob replies", f.getUser(f.bob.ID).ReplyCount, 2)
	eq(t, "carol replies", f.getUser(f.carol.ID).ReplyCount, 1)
	eq(t, "subtopic threads", f.getSubtopic("go").ThreadCount, 1)
	eq(t, "tag goroutines threads", f.getTag("goroutines").ThreadCount, 1)
	eq(t, "tag indexes threads", f.getTag("indexes").ThreadCount, 1)

	posts, err := f.st.Posts(f.ctx, th, 1, 100)
	f.must(err)
	eq(t, "posts of the thread", len(posts), 4)
	for i, p := range posts {
		eq(t, "post number in order", p.Number, i+1)
	}
	posts, err = f.st.Posts(f.ctx, th, 2, 3)
	f.must(err)
	if len(posts) != 2 || posts[0].ID != replies[0] || posts[1].ID != replies[1] {
		t.Errorf("Posts(2..3) = %+v", posts)
	}
	posts, err = f.st.Posts(f.ctx, th, 5, 10)
	f.must(err)
	eq(t, "posts beyond the last", len(posts), 0)

	th2, p2 := f.thread(f.sub2, f.bob, "Untagged", f.tick())
	got = f.getThread(th2)
	if th2 == th || p2 == p1 || len(got.Tags) != 0 || got.FirstPostID != p2 {
		t.Errorf("second thread %+v (ids %d/%d)", got, th2, p2)
	}
	eq(t, "bob threads", f.getUser(f.bob.ID).ThreadCount, 1)

	_, err = f.st.CreateReply(f.ctx, forum.NewPostRow{ThreadID: th2 + 1000, AuthorID: f.bob.ID, Body: body("lost"), CreatedAt: f.tick()})
	wantErr(t, "reply to a missing thread", err, forum.ErrNotFound)
	eq(t, "bob replies after a refused reply", f.getUser(f.bob.ID).ReplyCount, 2)
	_, err = f.st.Thread(f.ctx, th2+1000)
	wantErr(t, "Thread(unknown)", err, forum.ErrNotFound)
	_, err = f.st.Post(f.ctx, p2+1000)
	wantErr(t, "Post(unknown)", err, forum.ErrNotFound)
}

// testThreadFlags checks pinning and locking and that subtopic lists leave
// pinned threads to PinnedThreads.
func testThreadFlags(f *fixture) {
	t := f.t
	thA, _ := f.thread(f.sub, f.alice, "Plain", f.tick())
	row := forum.NewThreadRow{SubtopicID: f.sub.ID, AuthorID: f.staff.ID, Title: "Read me first", Slug: "read-me-first",
		Body: body("Rules"), Pinned: true, Locked: true, CreatedAt: f.tick()}
	thB, _, err := f.st.CreateThread(f.ctx, row)
	f.must(err)
	thC, _ := f.thread(f.sub, f.bob, "Another", f.tick())
	b := f.getThread(thB)
	if !b.Pinned || !b.Locked {
		t.Errorf("thread created pinned and locked: pinned %v locked %v", b.Pinned, b.Locked)
	}
	pinned := func() []int64 {
		list, err := f.st.PinnedThreads(f.ctx, f.sub.ID)
		f.must(err)
		return threadIDs(list)
	}
	subList := func() []int64 {
		return threadIDs(f.list(forum.ListQuery{Scope: forum.Scope{SubtopicID: f.sub.ID}, Sort: forum.SortNewest, Desc: true}))
	}
	eqIDs(t, "pinned", pinned(), []int64{thB})
	eqIDs(t, "subtopic list without pinned", subList(), []int64{thC, thA})
	eqIDs(t, "front page list keeps pinned", threadIDs(f.list(forum.ListQuery{Sort: forum.SortNewest, Desc: true})), []int64{thC, thB, thA})

	f.must(f.st.SetThreadFlags(f.ctx, thC, true, true))
	f.must(f.st.SetThreadFlags(f.ctx, thC, true, true)) // setting the same flags again is fine
	c := f.getThread(thC)
	if !c.Pinned || !c.Locked {
		t.Errorf("after SetThreadFlags: pinned %v locked %v", c.Pinned, c.Locked)
	}
	eqIDs(t, "pinned, newest activity first", pinned(), []int64{thC, thB})
	f.reply(thB, f.alice, f.tick())
	eqIDs(t, "pinned after a reply", pinned(), []int64{thB, thC})

	f.must(f.st.SetThreadFlags(f.ctx, thB, false, false))
	b = f.getThread(thB)
	if b.Pinned || b.Locked {
		t.Errorf("after unpinning: pinned %v locked %v", b.Pinned, b.Locked)
	}
	eqIDs(t, "pinned after unpinning", pinned(), []int64{thC})
	eqIDs(t, "subtopic list after unpinning", subList(), []int64{thB, thA})
	list, err := f.st.PinnedThreads(f.ctx, f.sub2.ID)
	f.must(err)
	eq(t, "pinned of another subtopic", len(list), 0)
	wantErr(t, "SetThreadFlags(unknown)", f.st.SetThreadFlags(f.ctx, thC+1000, true, false), forum.ErrNotFound)
}
