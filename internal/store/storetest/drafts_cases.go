package storetest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
)

func draftCases() []contractCase {
	return []contractCase{
		{"DraftsSaveLoadDelete", testDrafts},
		{"DraftsLastTypedWins", testDraftsLastTypedWins},
		{"DraftsBoundedPerUser", testDraftsBounded},
		{"DraftsUsedByTheirWrite", testDraftsUsedByWrites},
	}
}

// testDrafts: one row per user and key, read back whole, deleted once.
func testDrafts(f *fixture) {
	t := f.t
	at := f.tick()
	d := &forum.Draft{UserID: f.alice.ID, Key: "new-go", Title: "A title", Body: "Some text ünïcode ✓\nline two", UpdatedAt: at}
	kept, saved, err := f.st.SaveDraft(f.ctx, d, 10)
	f.must(err)
	eq(t, "first save stored", saved, true)
	eq(t, "kept is the saved draft", *kept, *d)
	got, err := f.st.Draft(f.ctx, f.alice.ID, "new-go")
	f.must(err)
	eqTime(t, "updated at", got.UpdatedAt, at)
	got.UpdatedAt = at
	eq(t, "draft read back", *got, *d)
	if _, err := f.st.Draft(f.ctx, f.bob.ID, "new-go"); !errors.Is(err, forum.ErrNotFound) {
		t.Errorf("another user's draft: %v, want ErrNotFound", err)
	}
	// A second save of the same key replaces the row.
	d2 := &forum.Draft{UserID: f.alice.ID, Key: "new-go", Body: "Rewritten", UpdatedAt: f.tick()}
	_, saved, err = f.st.SaveDraft(f.ctx, d2, 10)
	f.must(err)
	eq(t, "newer save stored", saved, true)
	_, _, err = f.st.SaveDraft(f.ctx, &forum.Draft{UserID: f.bob.ID, Key: "new-go", Body: "Bob's", UpdatedAt: f.tick()}, 10)
	f.must(err)
	list, err := f.st.Drafts(f.ctx, f.alice.ID)
	f.must(err)
	eq(t, "alice's drafts", len(list), 1)
	eq(t, "alice's draft body", list[0].Body, "Rewritten")
	eq(t, "title replaced too", list[0].Title, "")
	found, err := f.st.DeleteDraft(f.ctx, f.alice.ID, "new-go")
	f.must(err)
	eq(t, "delete found it", found, true)
	found, err = f.st.DeleteDraft(f.ctx, f.alice.ID, "new-go")
	f.must(err)
	eq(t, "second delete found it", found, false)
	if _, err := f.st.Draft(f.ctx, f.bob.ID, "new-go"); err != nil {
		t.Errorf("deleting alice's draft touched bob's: %v", err)
	}
}

// testDraftsLastTypedWins: a save typed before the stored one (a slow
// request from another tab) is refused and answered with the stored one;
// a save with the same time replaces it.
func testDraftsLastTypedWins(f *fixture) {
	t := f.t
	early, late := f.tick(), f.tick()
	_, _, err := f.st.SaveDraft(f.ctx, &forum.Draft{UserID: f.alice.ID, Key: "reply-7", Body: "tab B, typed last", UpdatedAt: late}, 10)
	f.must(err)
	kept, saved, err := f.st.SaveDraft(f.ctx, &forum.Draft{UserID: f.alice.ID, Key: "reply-7", Body: "tab A, typed first", UpdatedAt: early}, 10)
	f.must(err)
	eq(t, "older save stored", saved, false)
	eq(t, "kept body", kept.Body, "tab B, typed last")
	eqTime(t, "kept time", kept.UpdatedAt, late)
	_, saved, err = f.st.SaveDraft(f.ctx, &forum.Draft{UserID: f.alice.ID, Key: "reply-7", Body: "same instant", UpdatedAt: late}, 10)
	f.must(err)
	eq(t, "equal-time save stored", saved, true)
	got, err := f.st.Draft(f.ctx, f.alice.ID, "reply-7")
	f.must(err)
	eq(t, "body after equal-time save", got.Body, "same instant")
}

// testDraftsBounded: a user keeps at most maxPerUser drafts; the least
// recently typed go first, and other users' drafts are untouched.
func testDraftsBounded(f *fixture) {
	t := f.t
	_, _, err := f.st.SaveDraft(f.ctx, &forum.Draft{UserID: f.bob.ID, Key: "reply-1", Body: "bob", UpdatedAt: f.clock}, 3)
	f.must(err)
	for i := 1; i <= 5; i++ {
		_, _, err := f.st.SaveDraft(f.ctx, &forum.Draft{UserID: f.alice.ID, Key: fmt.Sprintf("reply-%d", i), Body: strings.Repeat("x", i), UpdatedAt: f.tick()}, 3)
		f.must(err)
	}
	list, err := f.st.Drafts(f.ctx, f.alice.ID)
	f.must(err)
	var keys []string
	for _, d := range list {
		keys = append(keys, d.Key)
	}
	eq(t, "alice's drafts, newest first", strings.Join(keys, ","), "reply-5,reply-4,reply-3")
	if _, err := f.st.Draft(f.ctx, f.bob.ID, "reply-1"); err != nil {
		t.Errorf("bob's draft was dropped by alice's bound: %v", err)
	}
}

// testDraftsUsedByWrites: a thread, a reply and an edit each delete the
// draft they name in their own transaction, and a write that fails keeps it.
func testDraftsUsedByWrites(f *fixture) {
	t := f.t
	save := func(key string) *forum.DraftRef {
		t.Helper()
		_, _, err := f.st.SaveDraft(f.ctx, &forum.Draft{UserID: f.alice.ID, Key: key, Body: "draft of " + key, UpdatedAt: f.tick()}, 10)
		f.must(err)
		return &forum.DraftRef{UserID: f.alice.ID, Key: key}
	}
	gone := func(key string, want bool) {
		t.Helper()
		_, err := f.st.Draft(f.ctx, f.alice.ID, key)
		if want && !errors.Is(err, forum.ErrNotFound) {
			t.Errorf("draft %s after its write: %v, want it deleted", key, err)
		}
		if !want && err != nil {
			t.Errorf("draft %s: %v, want it kept", key, err)
		}
	}
	at := f.tick()
	threadID, postID, err := f.st.CreateThread(f.ctx, forum.NewThreadRow{SubtopicID: f.sub.ID, AuthorID: f.alice.ID,
		Title: "Drafted thread", Slug: "drafted-thread", Excerpt: "x", Body: body("Drafted opening post"), CreatedAt: at,
		Draft: save("new-go")})
	f.must(err)
	gone("new-go", true)

	ref := save(fmt.Sprintf("reply-%d", threadID))
	_, err = f.st.CreateReply(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: f.alice.ID, Body: body("Drafted reply"),
		CreatedAt: f.tick(), Draft: ref})
	f.must(err)
	gone(ref.Key, true)

	ref = save(fmt.Sprintf("edit-%d", postID))
	f.must(f.st.EditPost(f.ctx, forum.EditPostRow{PostID: postID, EditorID: f.alice.ID, Body: body("Drafted edit"), At: f.tick(),
		FoldAfter: f.clock, Excerpt: "x", Draft: ref}))
	gone(ref.Key, true)

	// A reply to a thread that does not exist fails, and its draft stays.
	ref = save("reply-999999")
	if _, err := f.st.CreateReply(f.ctx, forum.NewPostRow{ThreadID: 999999, AuthorID: f.alice.ID, Body: body("Lost reply"),
		CreatedAt: f.tick(), Draft: ref}); err == nil {
		t.Fatal("a reply to a missing thread was stored")
	}
	gone(ref.Key, false)
}
