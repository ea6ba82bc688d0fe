package storetest

import (
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

func editFoldCases() []contractCase {
	return []contractCase{
		{"EditFoldingStopsOnceOthersActed", testEditFoldingStopsOnceOthersActed},
	}
}

// testEditFoldingStopsOnceOthersActed checks that an edit inside the fold
// window folds into the newest version only while nobody else has acted
// on it since: a later reply in the thread, a boost, an accepted answer or
// a staff recommendation keeps the version others saw, and the post is
// marked edited.
func testEditFoldingStopsOnceOthersActed(f *fixture) {
	t := f.t
	base := f.tick()
	at := func(m int) time.Time { return base.Add(time.Duration(m) * time.Minute) }
	// Each situation gets its own thread: bob's reply (or alice's
	// question), something done at minute 1, bob's edit at minute 2.
	check := func(name string, act func(threadID, postID int64), editor *forum.User, question bool, wantRevisions int) {
		t.Helper()
		th, op := f.thread(f.sub, f.alice, "Fold "+name, at(0))
		post := op
		if !question {
			post = f.reply(th, f.bob, at(0))
		}
		if act != nil {
			act(th, post)
		}
		f.must(f.edit(post, editor, "edited "+name, at(2)))
		revs := f.revisions(post)
		eq(t, name+": revisions", len(revs), wantRevisions)
		p := f.getPost(post)
		eq(t, name+": body", p.BodySource, "edited "+name)
		if wantRevisions > 1 {
			eqTime(t, name+": edited at", p.EditedAt, at(2))
			if revs[0].BodySource == "edited "+name {
				t.Errorf("%s: the version others saw was overwritten", name)
			}
		} else if !p.EditedAt.IsZero() {
			t.Errorf("%s: a folded edit nobody else saw marked the post edited", name)
		}
	}
	check("untouched", nil, f.bob, false, 1)
	check("replied to", func(th, _ int64) { f.reply(th, f.carol, at(1)) }, f.bob, false, 2)
	check("question answered", func(th, _ int64) { f.reply(th, f.bob, at(1)) }, f.alice, true, 2)
	check("boosted", func(_, p int64) {
		_, err := f.st.SetBoost(f.ctx, p, f.carol.ID, true, at(1))
		f.must(err)
	}, f.bob, false, 2)
	check("accepted", func(th, p int64) { f.must(f.st.SetAccepted(f.ctx, th, p, at(1))) }, f.bob, false, 2)
	check("recommended", func(_, p int64) { f.must(f.st.SetRecommended(f.ctx, p, f.staff.ID, true, at(1))) }, f.bob, false, 2)

	// What came before the newest version does not stop it folding: a
	// reply to version 1, then version 2, then a quick fix of version 2.
	th, _ := f.thread(f.sub, f.alice, "Fold after an older reply", at(0))
	r := f.reply(th, f.bob, at(0))
	f.reply(th, f.carol, at(1))
	f.must(f.edit(r, f.bob, "second version", at(10)))
	f.must(f.edit(r, f.bob, "second version, fixed", at(11)))
	eq(t, "older reply: versions", join(revisionBodies(f.revisions(r))), "Reply by bob at "+at(0).Format(time.TimeOnly)+"@bob second version, fixed@bob")
	// A reply to version 2 then stops the next quick fix folding into it.
	f.reply(th, f.carol, at(12))
	f.must(f.edit(r, f.bob, "third version", at(13)))
	eq(t, "reply to version 2: count", len(f.revisions(r)), 3)
}
