package storetest

import (
	"errors"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// testPostsByID checks that posts come back once each, in id order, with
// missing ids skipped and deleted posts marked.
func testPostsByID(f *fixture) {
	t := f.t
	th, op := f.thread(f.sub, f.alice, "One", f.tick())
	r1 := f.reply(th, f.bob, f.tick())
	r2 := f.reply(th, f.carol, f.tick())
	_, op2 := f.thread(f.sub2, f.bob, "Two", f.tick())
	f.must(f.st.DeletePost(f.ctx, r2, f.tick()))
	posts, err := f.st.PostsByID(f.ctx, []int64{r2, op2, op2 + 1000, op, r1, op})
	f.must(err)
	want := []int64{op, r1, r2, op2}
	if len(posts) != len(want) {
		t.Fatalf("PostsByID returned %d posts, want %d: %+v", len(posts), len(want), posts)
	}
	for i, p := range posts {
		eq(t, "post id in order", p.ID, want[i])
		eq(t, "PostsByID equals Post", p, *f.getPost(p.ID))
	}
	eq(t, "deleted reply marked", posts[2].Deleted, true)
	posts, err = f.st.PostsByID(f.ctx, nil)
	f.must(err)
	eq(t, "PostsByID(nil)", len(posts), 0)
}

// testUserReplies checks a user's page: live replies only, newest first,
// with their threads' current titles, up to the limit.
func testUserReplies(f *fixture) {
	t := f.t
	th1, _ := f.thread(f.sub, f.alice, "First", f.tick())
	th2, op2 := f.thread(f.sub2, f.carol, "Second", f.tick())
	b1 := f.reply(th1, f.bob, f.tick())
	b2 := f.reply(th2, f.bob, f.tick())
	b3 := f.reply(th1, f.bob, f.tick())
	b4 := f.reply(th2, f.bob, f.tick())
	f.thread(f.sub, f.bob, "Bob asks", f.tick())
	f.must(f.st.DeletePost(f.ctx, b3, f.tick()))
	f.must(f.st.SetAccepted(f.ctx, th1, b1, f.tick()))
	f.must(f.st.SetRecommended(f.ctx, b2, f.staff.ID, true, f.tick()))
	at := f.tick()
	f.must(f.st.EditPost(f.ctx, forum.EditPostRow{PostID: op2, EditorID: f.carol.ID, Title: "Second, renamed",
		Slug: "second-renamed", Excerpt: "e", Body: body("b"), At: at, FoldAfter: at.Add(-foldWindow)}))

	replies, err := f.st.UserReplies(f.ctx, f.bob.ID, 10)
	f.must(err)
	wantIDs := []int64{b4, b2, b1}
	if len(replies) != len(wantIDs) {
		t.Fatalf("UserReplies(bob) = %+v, want posts %v", replies, wantIDs)
	}
	for i, r := range replies {
		eq(t, "reply in order", r.Post.ID, wantIDs[i])
		eq(t, "UserReplies post equals Post", r.Post, *f.getPost(r.Post.ID))
		eq(t, "reply thread id", r.ThreadID, r.Post.ThreadID)
	}
	eq(t, "renamed thread", replies[0].ThreadTitle+" "+replies[0].ThreadSlug, "Second, renamed second-renamed")
	eq(t, "thread of b1", replies[2].ThreadTitle+" "+replies[2].ThreadSlug, "First "+forum.Slugify("First"))
	eq(t, "accepted flag on a user's page", replies[2].Post.Accepted, true)
	eq(t, "recommended flag on a user's page", replies[1].Post.Recommended, true)

	replies, err = f.st.UserReplies(f.ctx, f.bob.ID, 2)
	f.must(err)
	if len(replies) != 2 || replies[0].Post.ID != b4 || replies[1].Post.ID != b2 {
		t.Errorf("UserReplies(bob, 2) = %+v", replies)
	}
	replies, err = f.st.UserReplies(f.ctx, f.bob.ID, 0)
	f.must(err)
	eq(t, "UserReplies with the default limit", len(replies), 3)
	replies, err = f.st.UserReplies(f.ctx, f.alice.ID, 10)
	f.must(err)
	eq(t, "replies of a user who only asked", len(replies), 0)
}

// testRevisions checks who and when each kept version names.
func testRevisions(f *fixture) {
	t := f.t
	named := &forum.User{Username: "tina", DisplayName: "Tina T", Role: forum.RoleModerator, Title: "Moderator", CreatedAt: epoch()}
	f.must(f.st.CreateUser(f.ctx, named))
	t0 := f.tick()
	th, op := f.thread(f.sub, f.alice, "Versions", t0)
	r := f.reply(th, f.bob, f.tick())
	at := t0.Add(time.Hour)
	f.must(f.edit(op, named, "moderated", at))
	revs := f.revisions(op)
	if len(revs) != 2 {
		t.Fatalf("revisions = %+v", revs)
	}
	eq(t, "first revision", revs[0], forum.Revision{PostID: op, Number: 1, Title: "Versions", BodySource: "Opening post of Versions",
		Editor: forum.Author{ID: f.alice.ID, Username: "alice", DisplayName: "User alice", Role: forum.RoleMember}, CreatedAt: t0})
	eq(t, "second revision", revs[1], forum.Revision{PostID: op, Number: 2, Title: "Versions", BodySource: "moderated",
		Editor: forum.Author{ID: named.ID, Username: "tina", DisplayName: "Tina T", Role: forum.RoleModerator, Title: "Moderator"}, CreatedAt: at})
	eq(t, "reply's first revision title", f.revisions(r)[0].Title, "")
	revs, err := f.st.Revisions(f.ctx, r+1000)
	if err != nil && !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("Revisions(missing): %v", err)
	}
	eq(t, "revisions of a missing post", len(revs), 0)
}
