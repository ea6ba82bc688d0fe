package storetest

import (
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

const foldWindow = 5 * time.Minute

// edit changes a post's body at a time, folding edits within foldWindow.
func (f *fixture) edit(postID int64, editor *forum.User, text string, at time.Time) error {
	return f.st.EditPost(f.ctx, forum.EditPostRow{PostID: postID, EditorID: editor.ID, Body: body(text),
		At: at, FoldAfter: at.Add(-foldWindow)})
}

func (f *fixture) revisions(postID int64) []forum.Revision {
	f.t.Helper()
	revs, err := f.st.Revisions(f.ctx, postID)
	f.must(err)
	p := f.getPost(postID)
	if p.RevisionCount != len(revs) {
		f.t.Errorf("post %d says %d revisions but %d are kept", postID, p.RevisionCount, len(revs))
	}
	for i, r := range revs {
		if r.Number != i+1 || r.PostID != postID {
			f.t.Errorf("revision %d of post %d is numbered %d for post %d", i, postID, r.Number, r.PostID)
		}
	}
	return revs
}

func revisionBodies(revs []forum.Revision) []string {
	out := make([]string, len(revs))
	for i, r := range revs {
		out[i] = r.BodySource + "@" + r.Editor.Username
	}
	return out
}

// testEditFolding checks the revision rules on a reply: the newest
// revision's own editor folds into it until FoldAfter passes (inclusive);
// another editor, or a later edit, adds a revision.
func testEditFolding(f *fixture) {
	t := f.t
	th, _ := f.thread(f.sub, f.alice, "Question", f.tick())
	t1 := f.tick()
	r := f.reply(th, f.bob, t1)
	step := func(editor *forum.User, text string, at time.Time, want string) *forum.Post {
		t.Helper()
		f.must(f.edit(r, editor, text, at))
		eq(t, "revisions after "+text, join(revisionBodies(f.revisions(r))), want)
		p := f.getPost(r)
		eq(t, "body after "+text, p.BodySource, text)
		eq(t, "html after "+text, p.BodyHTML, "<p>"+text+"</p>")
		return p
	}
	p := step(f.bob, "grace", t1.Add(2*time.Minute), "grace@bob")
	if !p.EditedAt.IsZero() {
		t.Errorf("an edit folded into the first version marked the post edited at %v", p.EditedAt)
	}
	eqTime(t, "folded revision keeps its time", f.revisions(r)[0].CreatedAt, t1)

	late := t1.Add(10 * time.Minute)
	p = step(f.bob, "late", late, "grace@bob late@bob")
	eqTime(t, "edited at", p.EditedAt, late)
	p = step(f.bob, "late2", late.Add(time.Minute), "grace@bob late2@bob")
	eqTime(t, "edited at after a folded edit", p.EditedAt, late.Add(time.Minute))
	eqTime(t, "folded revision keeps its time", f.revisions(r)[1].CreatedAt, late)

	mod := late.Add(2 * time.Minute)
	step(f.staff, "moderated", mod, "grace@bob late2@bob moderated@sam")
	step(f.bob, "mine again", mod.Add(time.Second), "grace@bob late2@bob moderated@sam mine again@bob")
	// FoldAfter is inclusive: exactly foldWindow after the newest revision
	// still folds, a millisecond later does not.
	newest := mod.Add(time.Second)
	step(f.bob, "boundary", newest.Add(foldWindow), "grace@bob late2@bob moderated@sam boundary@bob")
	step(f.bob, "past", newest.Add(foldWindow+time.Millisecond), "grace@bob late2@bob moderated@sam boundary@bob past@bob")
	eqTime(t, "thread activity follows edits", f.getThread(th).LastActivityAt, newest.Add(foldWindow+time.Millisecond))
	for _, rv := range f.revisions(r) {
		eq(t, "revision title of a reply", rv.Title, "")
	}
}

// testEditTitle checks opening-post edits: a new title renames the thread
// (title, slug, excerpt) and each revision keeps the title of its version.
func testEditTitle(f *fixture) {
	t := f.t
	t0 := f.tick()
	th, op := f.thread(f.sub, f.alice, "Old title", t0)
	r := f.reply(th, f.bob, f.tick())
	at := t0.Add(10 * time.Minute)
	f.must(f.st.EditPost(f.ctx, forum.EditPostRow{PostID: op, EditorID: f.alice.ID, Title: "New title", Slug: "new-title",
		Excerpt: "new excerpt", Body: body("new body"), At: at, FoldAfter: at.Add(-foldWindow)}))
	got := f.getThread(th)
	eq(t, "title", got.Title, "New title")
	eq(t, "slug", got.Slug, "new-title")
	eq(t, "excerpt", got.Excerpt, "new excerpt")
	revs := f.revisions(op)
	if len(revs) != 2 || revs[0].Title != "Old title" || revs[1].Title != "New title" || revs[1].BodySource != "new body" {
		t.Errorf("revisions after a title change: %+v", revs)
	}
	eq(t, "listed title", f.list(forum.ListQuery{Sort: forum.SortNewest, Desc: true})[0].Title, "New title")

	// An empty title keeps the title and the slug that goes with it.
	at = at.Add(10 * time.Minute)
	f.must(f.st.EditPost(f.ctx, forum.EditPostRow{PostID: op, EditorID: f.alice.ID, Excerpt: "third excerpt",
		Body: body("third"), At: at, FoldAfter: at.Add(-foldWindow)}))
	got = f.getThread(th)
	eq(t, "title kept", got.Title, "New title")
	eq(t, "slug kept", got.Slug, "new-title")
	eq(t, "excerpt replaced", got.Excerpt, "third excerpt")
	eq(t, "title of a revision without a new title", f.revisions(op)[2].Title, "New title")

	// A folded edit may rename too; the folded revision takes the new title.
	at = at.Add(time.Minute)
	f.must(f.st.EditPost(f.ctx, forum.EditPostRow{PostID: op, EditorID: f.alice.ID, Title: "Newer title", Slug: "newer-title",
		Excerpt: "fourth", Body: body("fourth"), At: at, FoldAfter: at.Add(-foldWindow)}))
	revs = f.revisions(op)
	if len(revs) != 3 || revs[2].Title != "Newer title" || revs[2].BodySource != "fourth" {
		t.Errorf("revisions after a folded rename: %+v", revs)
	}
	eq(t, "title after a folded rename", f.getThread(th).Title, "Newer title")

	// A title on a reply's edit is ignored.
	at = at.Add(time.Minute)
	f.must(f.st.EditPost(f.ctx, forum.EditPostRow{PostID: r, EditorID: f.bob.ID, Title: "Hijack", Slug: "hijack",
		Excerpt: "hijack", Body: body("reply edit"), At: at, FoldAfter: at.Add(-foldWindow)}))
	got = f.getThread(th)
	eq(t, "title after a reply edit", got.Title+" "+got.Slug+" "+got.Excerpt, "Newer title newer-title fourth")
	for _, rv := range f.revisions(r) {
		eq(t, "reply revision title", rv.Title, "")
	}
}

// testEditRefused checks that missing and deleted posts cannot be edited.
func testEditRefused(f *fixture) {
	t := f.t
	th, op := f.thread(f.sub, f.alice, "Question", f.tick())
	r := f.reply(th, f.bob, f.tick())
	wantErr(t, "edit of a missing post", f.edit(r+1000, f.bob, "x", f.tick()), forum.ErrNotFound)
	f.must(f.st.DeletePost(f.ctx, r, f.tick()))
	wantErr(t, "edit of a deleted reply", f.edit(r, f.bob, "x", f.tick()), forum.ErrNotFound)
	r2 := f.reply(th, f.carol, f.tick())
	f.must(f.st.DeletePost(f.ctx, op, f.tick()))
	wantErr(t, "edit of a deleted opening post", f.edit(op, f.alice, "x", f.tick()), forum.ErrNotFound)
	wantErr(t, "edit of a reply in a deleted thread", f.edit(r2, f.carol, "x", f.tick()), forum.ErrNotFound)
	revs, err := f.st.Revisions(f.ctx, r)
	f.must(err)
	if len(revs) != 1 || revs[0].BodySource == "x" {
		t.Errorf("a refused edit changed the revisions: %+v", revs)
	}
}
