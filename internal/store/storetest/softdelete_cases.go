package storetest

import (
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

func softDeleteCases() []contractCase {
	return []contractCase{
		{"SoftDeleteRestoreReply", testRestoreReply},
		{"SoftDeleteRestoreThread", testRestoreThread},
		{"SoftDeleteWithdraw", testWithdrawOpening},
		{"SoftDeletePurge", testPurgeDeleted},
	}
}

func (f *fixture) staffAudit(action string, postID int64) *forum.AuditEntry {
	e := forum.AuditActor(f.staff, "192.0.2.7")
	e.At, e.Action, e.TargetKind, e.TargetID = f.tick(), action, "post", postID
	return &e
}

func (f *fixture) postAuditActions(postID int64) []string {
	f.t.Helper()
	es, err := f.st.AuditLog(f.ctx, forum.AuditFilter{TargetKind: "post", TargetID: postID})
	f.must(err)
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return out
}

// testRestoreReply deletes a reply as staff, finds it in the deleted list
// with who deleted it, restores it, and checks counters and search each time.
func testRestoreReply(f *fixture) {
	t := f.t
	th, _ := f.post(f.sub, f.alice, "Restoring replies", "Opening text", f.tick())
	r1 := f.answer(th, f.bob, "zanzibarian answer", f.tick())
	at := f.tick()
	f.must(f.st.DeletePostBy(f.ctx, r1, f.staff.ID, at, f.staffAudit("post.delete", r1)))
	f.checkCounters()
	eq(t, "reply count after delete", f.getThread(th).ReplyCount, 0)
	eq(t, "bob replies after delete", f.getUser(f.bob.ID).ReplyCount, 0)
	wantHits(f, "zanzibarian")
	del, err := f.st.DeletedPosts(f.ctx, time.Time{}, 10)
	f.must(err)
	if len(del) != 1 || del[0].PostID != r1 || del[0].DeletedByID != f.staff.ID || del[0].DeletedBy != f.staff.Username ||
		!del[0].DeletedAt.Equal(at) || del[0].AuthorName != "bob" || del[0].Number != 2 {
		t.Fatalf("deleted list: %+v", del)
	}

	f.must(f.st.RestorePost(f.ctx, r1, f.staffAudit("post.restore", r1)))
	f.checkCounters()
	eq(t, "reply count after restore", f.getThread(th).ReplyCount, 1)
	eq(t, "bob replies after restore", f.getUser(f.bob.ID).ReplyCount, 1)
	eq(t, "restored post is live", f.getPost(r1).Deleted, false)
	wantHits(f, "zanzibarian", r1)
	del, err = f.st.DeletedPosts(f.ctx, time.Time{}, 10)
	f.must(err)
	eq(t, "deleted list after restore", len(del), 0)
	eq(t, "audit", strings.Join(f.postAuditActions(r1), ","), "post.restore,post.delete")
	wantErr(t, "restore a live post", f.st.RestorePost(f.ctx, r1, nil), forum.ErrNotFound)
	wantErr(t, "restore a missing post", f.st.RestorePost(f.ctx, r1+1000, nil), forum.ErrNotFound)

	// Delete, restore, delete again: counted out exactly once each time.
	f.must(f.st.DeletePostBy(f.ctx, r1, f.bob.ID, f.tick(), nil))
	f.checkCounters()
	eq(t, "reply count after second delete", f.getThread(th).ReplyCount, 0)
}

// testRestoreThread deletes a tagged thread with replies (one of them
// deleted before) and restores it: every counter comes back, the reply
// deleted on its own stays deleted, and search finds the thread again.
func testRestoreThread(f *fixture) {
	t := f.t
	tags := f.getTag(f.tagGo.Name).ThreadCount
	subCount := f.getSubtopic(f.sub.Slug).ThreadCount
	th, op := f.post(f.sub, f.alice, "Quokkaish thread", "quokkaish opening", f.tick(), f.tagGo)
	r1 := f.answer(th, f.bob, "wombatish reply", f.tick())
	r2 := f.answer(th, f.carol, "numbatish reply", f.tick())
	f.must(f.st.DeletePostBy(f.ctx, r2, f.carol.ID, f.tick(), nil))
	f.must(f.st.DeletePostBy(f.ctx, op, f.staff.ID, f.tick(), f.staffAudit("thread.delete", op)))
	f.checkCounters()
	eq(t, "tag count after delete", f.getTag(f.tagGo.Name).ThreadCount, tags)
	eq(t, "alice threads after delete", f.getUser(f.alice.ID).ThreadCount, 0)
	wantHits(f, "wombatish")
	wantHits(f, "quokkaish")
	del, err := f.st.DeletedPosts(f.ctx, time.Time{}, 10)
	f.must(err)
	if len(del) != 1 || del[0].PostID != op || del[0].Number != 1 || del[0].ThreadTitle != "Quokkaish thread" {
		t.Fatalf("deleted list holds the thread only (its replies go with it): %+v", del)
	}
	wantErr(t, "restore a reply of a deleted thread", f.st.RestorePost(f.ctx, r2, nil), forum.ErrNotFound)

	f.must(f.st.RestorePost(f.ctx, op, f.staffAudit("thread.restore", op)))
	f.checkCounters()
	got := f.getThread(th)
	eq(t, "reply count after restore", got.ReplyCount, 1)
	eq(t, "tag count after restore", f.getTag(f.tagGo.Name).ThreadCount, tags+1)
	eq(t, "subtopic count after restore", f.getSubtopic(f.sub.Slug).ThreadCount, subCount+1)
	eq(t, "alice threads after restore", f.getUser(f.alice.ID).ThreadCount, 1)
	eq(t, "bob replies after restore", f.getUser(f.bob.ID).ReplyCount, 1)
	eq(t, "carol's own delete stays", f.getPost(r2).Deleted, true)
	wantHits(f, "wombatish", r1)
	wantHits(f, "quokkaish", op)
	wantHits(f, "numbatish")
	eq(t, "listed again", f.listed(th, forum.ListQuery{Sort: forum.SortNewest}), true)
}

// testWithdrawOpening withdraws an opening post: the thread and its
// replies stay, the text is a notice, the revisions keep the original.
func testWithdrawOpening(f *fixture) {
	t := f.t
	th, op := f.post(f.sub, f.alice, "Withdrawn question", "platypusian secret", f.tick())
	r1 := f.answer(th, f.bob, "echidnian answer", f.tick())
	f.must(f.st.WithdrawPost(f.ctx, op, f.tick()))
	f.checkCounters()
	p := f.getPost(op)
	if p.Deleted || !strings.Contains(p.BodyHTML, "withdrew") || strings.Contains(p.BodyHTML, "platypusian") {
		t.Errorf("withdrawn post: deleted %v html %q", p.Deleted, p.BodyHTML)
	}
	eq(t, "replies stay", f.getThread(th).ReplyCount, 1)
	wantHits(f, "platypusian")
	wantHits(f, "echidnian", r1)
	revs, err := f.st.Revisions(f.ctx, op)
	f.must(err)
	if len(revs) == 0 || !strings.Contains(revs[len(revs)-1].BodySource, "platypusian") {
		t.Errorf("revisions must keep the original for staff: %+v", revs)
	}
	wantErr(t, "withdraw a reply", f.st.WithdrawPost(f.ctx, r1, f.tick()), forum.ErrNotFound)
}

// testPurgeDeleted purges a deleted reply and a deleted thread: text and
// revisions go, counters stay true, and a purged post cannot be restored.
func testPurgeDeleted(f *fixture) {
	t := f.t
	th, op := f.post(f.sub, f.alice, "Purged thread", "dugongish opening", f.tick())
	r1 := f.answer(th, f.bob, "manateeish reply", f.tick())
	th2, _ := f.post(f.sub, f.alice, "Kept thread", "kept opening", f.tick())
	r2 := f.answer(th2, f.carol, "sirenian reply", f.tick())
	wantErr(t, "purge a live post", f.st.PurgePost(f.ctx, r2, f.tick(), nil), forum.ErrNotFound)

	old := f.tick()
	f.must(f.st.DeletePostBy(f.ctx, op, f.staff.ID, old, nil))
	cut := f.tick()
	f.must(f.st.DeletePostBy(f.ctx, r2, f.carol.ID, f.tick(), nil))
	due, err := f.st.DeletedPosts(f.ctx, cut, 10)
	f.must(err)
	if len(due) != 1 || due[0].PostID != op {
		t.Fatalf("deleted before the cut: %+v", due)
	}
	f.must(f.st.PurgePost(f.ctx, op, f.tick(), f.staffAudit("thread.purge", op)))
	f.must(f.st.PurgePost(f.ctx, r2, f.tick(), nil))
	f.checkCounters()
	del, err := f.st.DeletedPosts(f.ctx, time.Time{}, 10)
	f.must(err)
	eq(t, "nothing left to purge", len(del), 0)
	wantErr(t, "restore a purged thread", f.st.RestorePost(f.ctx, op, nil), forum.ErrNotFound)
	wantErr(t, "restore a purged reply", f.st.RestorePost(f.ctx, r2, nil), forum.ErrNotFound)
	wantErr(t, "purge twice", f.st.PurgePost(f.ctx, r2, f.tick(), nil), forum.ErrNotFound)
	revs, err := f.st.Revisions(f.ctx, r1)
	f.must(err)
	eq(t, "revisions of the purged thread's replies", len(revs), 0)
	eq(t, "audit", strings.Join(f.postAuditActions(op), ","), "thread.purge")
	eq(t, "kept thread stays", f.getThread(th2).ReplyCount, 0)
}
