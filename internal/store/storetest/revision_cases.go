package storetest

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// scrub stands in for forum's redaction: the store applies whatever
// function it is given.
func scrub(s string) string { return strings.ReplaceAll(s, "tok_SECRET", "[token]") }

func (f *fixture) bodies(postID int64) string {
	var out []string
	for _, r := range f.revisions(postID) {
		out = append(out, r.BodySource)
	}
	return strings.Join(out, " | ")
}

// testEditRedactsEarlier covers an edit that redacts: every earlier kept
// version is rewritten in the same transaction, with a new version and
// when the edit folds into the newest one; other posts are untouched.
func testEditRedactsEarlier(f *fixture) {
	t := f.t
	t0 := f.tick()
	th, op := f.thread(f.sub, f.alice, "Leaky post", t0)
	other := f.reply(th, f.bob, t0.Add(time.Second))
	f.must(f.edit(other, f.bob, "bob also pasted tok_SECRET", t0.Add(30*time.Minute)))
	f.must(f.edit(op, f.alice, "key tok_SECRET here", t0.Add(time.Hour)))
	f.must(f.edit(op, f.alice, "and tok_SECRET again", t0.Add(2*time.Hour)))
	eq(t, "versions before redacting", f.bodies(op), "Opening post of Leaky post | key tok_SECRET here | and tok_SECRET again")

	at := t0.Add(3 * time.Hour)
	f.must(f.st.EditPost(f.ctx, forum.EditPostRow{PostID: op, EditorID: f.alice.ID, Body: body("clean now"),
		At: at, FoldAfter: at.Add(-foldWindow), RedactEarlier: scrub}))
	eq(t, "versions after a redacting edit", f.bodies(op), "Opening post of Leaky post | key [token] here | and [token] again | clean now")
	if got := f.bodies(other); !strings.HasSuffix(got, " | bob also pasted tok_SECRET") {
		t.Errorf("another post's versions were changed: %s", got)
	}

	// A redacting edit that folds into the newest version redacts the
	// ones before it too.
	f.must(f.edit(op, f.alice, "oops tok_SECRET", at.Add(time.Hour)))
	fold := at.Add(time.Hour + time.Minute)
	f.must(f.st.EditPost(f.ctx, forum.EditPostRow{PostID: op, EditorID: f.alice.ID, Body: body("fixed"),
		At: fold, FoldAfter: fold.Add(-foldWindow), RedactEarlier: scrub}))
	eq(t, "versions after a folded redacting edit", f.bodies(op), "Opening post of Leaky post | key [token] here | and [token] again | clean now | fixed")
	eq(t, "post body", f.getPost(op).BodySource, "fixed")
}

// testRevisionModeration covers redacting and hiding one kept version.
func testRevisionModeration(f *fixture) {
	t := f.t
	t0 := f.tick()
	th, op := f.thread(f.sub, f.alice, "Versions to moderate", t0)
	f.must(f.edit(op, f.alice, "mail tok_SECRET", t0.Add(time.Hour)))
	f.must(f.edit(op, f.alice, "final", t0.Add(2*time.Hour)))

	changed, err := f.st.RedactRevision(f.ctx, op, 2, scrub)
	f.must(err)
	eq(t, "redacting a version with a secret changed it", changed, true)
	eq(t, "versions after redacting one", f.bodies(op), "Opening post of Versions to moderate | mail [token] | final")
	changed, err = f.st.RedactRevision(f.ctx, op, 2, scrub)
	f.must(err)
	eq(t, "redacting it again changes nothing", changed, false)
	_, err = f.st.RedactRevision(f.ctx, op, 9, scrub)
	wantErr(t, "redacting a missing version", err, forum.ErrNotFound)

	f.must(f.st.SetRevisionHidden(f.ctx, op, 1, true))
	revs := f.revisions(op)
	eq(t, "hidden version", revs[0].Hidden, true)
	eq(t, "other version", revs[1].Hidden, false)
	eq(t, "a hidden version keeps its text in the store", revs[0].BodySource, "Opening post of Versions to moderate")
	f.must(f.st.SetRevisionHidden(f.ctx, op, 1, false))
	eq(t, "shown again", f.revisions(op)[0].Hidden, false)
	wantErr(t, "hiding a missing version", f.st.SetRevisionHidden(f.ctx, op, 9, true), forum.ErrNotFound)
	wantErr(t, "hiding a version of a missing post", f.st.SetRevisionHidden(f.ctx, op+1000, 1, true), forum.ErrNotFound)

	r := f.reply(th, f.bob, t0.Add(time.Minute))
	f.must(f.st.DeletePost(f.ctx, r, t0.Add(3*time.Hour)))
	_, err = f.st.RedactRevision(f.ctx, r, 1, scrub)
	wantErr(t, "redacting a version of a deleted post", err, forum.ErrNotFound)
}

// testRevisionRange covers loading one page of a history: only the
// numbers asked for, oldest first, the same versions Revisions returns,
// ranges clipped at either end, and nothing for an empty range or a
// missing post.
func testRevisionRange(f *fixture) {
	t := f.t
	t0 := f.tick()
	_, op := f.thread(f.sub, f.alice, "Versions in pages", t0)
	for i := 2; i <= 6; i++ {
		f.must(f.edit(op, f.alice, "version "+strconv.Itoa(i), t0.Add(time.Duration(i)*time.Hour)))
	}
	f.must(f.st.SetRevisionHidden(f.ctx, op, 3, true))
	all := f.revisions(op)
	numbers := func(revs []forum.Revision) string {
		var out []string
		for _, r := range revs {
			out = append(out, strconv.Itoa(r.Number))
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		from, to int
		want     string
	}{{2, 4, "2,3,4"}, {5, 9, "5,6"}, {0, 1, "1"}, {6, 6, "6"}, {4, 3, ""}, {7, 9, ""}} {
		revs, err := f.st.RevisionRange(f.ctx, op, c.from, c.to)
		f.must(err)
		eq(t, "versions "+strconv.Itoa(c.from)+".."+strconv.Itoa(c.to), numbers(revs), c.want)
		for _, r := range revs {
			eq(t, "version "+strconv.Itoa(r.Number)+" in a range", r, all[r.Number-1])
		}
	}
	revs, err := f.st.RevisionRange(f.ctx, op+1000, 1, 10)
	if err != nil && !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("RevisionRange(missing): %v", err)
	}
	eq(t, "range of a missing post", len(revs), 0)
}
