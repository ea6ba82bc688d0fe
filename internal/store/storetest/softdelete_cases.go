package storetest

import (
	"errors"
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

// del deletes postID as by and returns what the delete did.
func (f *fixture) del(postID int64, by *forum.User, at time.Time, others forum.OthersReplies, e *forum.AuditEntry) forum.DeleteOutcome {
	f.t.Helper()
	out, err := f.st.DeletePostBy(f.ctx, forum.DeleteRow{PostID: postID, ByID: by.ID, At: at, Others: others, Audit: e})
	f.must(err)
	return out
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
	f.del(r1, f.staff, at, forum.OthersDelete, f.staffAudit("post.delete", r1))
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
	f.del(r1, f.bob, f.tick(), forum.OthersDelete, nil)
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
	f.del(r2, f.carol, f.tick(), forum.OthersDelete, nil)
	f.del(op, f.staff, f.tick(), forum.OthersDelete, f.staffAudit("thread.delete", op))
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

// testWithdrawOpening deletes opening posts of threads others answered:
// withdrawn for the author (the thread, the replies and the revisions
// stay), refused until confirmed for staff; without others' replies the
// thread goes.
func testWithdrawOpening(f *fixture) {
	t := f.t
	th, op := f.post(f.sub, f.alice, "Withdrawn question", "platypusian secret", f.tick())
	r1 := f.answer(th, f.bob, "echidnian answer", f.tick())
	f.answer(th, f.alice, "alice's own follow-up", f.tick())
	_, err := f.st.DeletePostBy(f.ctx, forum.DeleteRow{PostID: op, ByID: f.staff.ID, At: f.tick(), Others: forum.OthersRefuse})
	var confirm *forum.ConfirmError
	if !errors.As(err, &confirm) || confirm.Replies != 1 {
		t.Fatalf("staff deleting a thread with others' replies unconfirmed: %v", err)
	}
	eq(t, "refused delete leaves the thread", f.getThread(th).ReplyCount, 2)
	eq(t, "outcome", f.del(op, f.alice, f.tick(), forum.OthersWithdraw, nil), forum.WithdrewOpener)
	f.checkCounters()
	p := f.getPost(op)
	if p.Deleted || !strings.Contains(p.BodyHTML, "withdrew") || strings.Contains(p.BodyHTML, "platypusian") {
		t.Errorf("withdrawn post: deleted %v html %q", p.Deleted, p.BodyHTML)
	}
	eq(t, "replies stay", f.getThread(th).ReplyCount, 2)
	eq(t, "alice keeps her thread", f.getUser(f.alice.ID).ThreadCount, 1)
	wantHits(f, "platypusian")
	wantHits(f, "echidnian", r1)
	revs, err := f.st.Revisions(f.ctx, op)
	f.must(err)
	if len(revs) == 0 || !strings.Contains(revs[len(revs)-1].BodySource, "platypusian") || !revs[len(revs)-1].Hidden {
		t.Errorf("revisions must keep the original for staff, hidden: %+v", revs)
	}

	// Only the author's own replies: the whole thread goes.
	th2, op2 := f.post(f.sub, f.carol, "Alone", "nobody answered", f.tick())
	f.answer(th2, f.carol, "bump", f.tick())
	eq(t, "alone outcome", f.del(op2, f.carol, f.tick(), forum.OthersWithdraw, nil), forum.DeletedThread)
	f.checkCounters()
	eq(t, "carol threads", f.getUser(f.carol.ID).ThreadCount, 0)

	// Staff who confirmed delete the whole thread.
	eq(t, "confirmed outcome", f.del(op, f.staff, f.tick(), forum.OthersDelete, nil), forum.DeletedThread)
	f.checkCounters()
	eq(t, "bob replies", f.getUser(f.bob.ID).ReplyCount, 0)
	_, err = f.st.DeletePostBy(f.ctx, forum.DeleteRow{PostID: op, ByID: f.staff.ID, At: f.tick()})
	wantErr(t, "delete a deleted thread", err, forum.ErrNotFound)
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
	f.del(op, f.staff, old, forum.OthersDelete, nil)
	cut := f.tick()
	f.del(r2, f.carol, f.tick(), forum.OthersDelete, nil)
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
