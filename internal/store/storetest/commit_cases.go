package storetest

import (
	"errors"
	"sync"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// commitCases cover writes that report what their transaction decided,
// idempotency keys and the read path's batched bookkeeping.
func commitCases() []contractCase {
	return []contractCase{
		{"CommittedReplyAndEdit", testCommitted},
		{"OnceKeys", testOnceKeys},
		{"OnceKeysConcurrent", testOnceConcurrent},
		{"OnceKeyExpiryAndSweep", testOnceExpiry},
		{"TokenLookupAndRecordUse", testRecordUse},
	}
}

func onceKey(u *forum.User, route, hash string, at time.Time) *forum.OnceKey {
	return &forum.OnceKey{UserID: u.ID, Route: route, KeyHash: hash, At: at, Since: at.Add(-forum.OnceTTL)}
}

// testCommitted: the numbers a reply and an edit return are the ones a
// read afterwards finds.
func testCommitted(f *fixture) {
	t := f.t
	threadID, opening := f.thread(f.sub, f.alice, "Committed results", f.tick())
	f.reply(threadID, f.bob, f.tick())
	c, err := f.st.CreateReplyCommitted(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: f.carol.ID, Body: body("third"), CreatedAt: f.tick()})
	f.must(err)
	p := f.getPost(c.PostID)
	eq(t, "committed reply", c, forum.Committed{ThreadID: threadID, PostID: p.ID, Number: 3, Revisions: 1})
	eq(t, "reply number read back", p.Number, 3)

	at := f.tick()
	e, err := f.st.EditPostCommitted(f.ctx, forum.EditPostRow{PostID: opening, EditorID: f.staff.ID, Title: "Committed results, edited",
		Slug: "committed-results-edited", Excerpt: "x", Body: body("edited"), At: at, FoldAfter: at.Add(-time.Minute)})
	f.must(err)
	op := f.getPost(opening)
	eq(t, "committed edit", e, forum.Committed{ThreadID: threadID, PostID: opening, Number: 1, Revisions: op.RevisionCount, EditedAt: op.EditedAt})
	eq(t, "revisions after an edit by another editor", e.Revisions, 2)
	eqTime(t, "edited at", e.EditedAt, at)
	// A folded edit keeps the count.
	e2, err := f.st.EditPostCommitted(f.ctx, forum.EditPostRow{PostID: opening, EditorID: f.staff.ID, Body: body("edited again"),
		At: f.tick(), FoldAfter: at.Add(-time.Minute)})
	f.must(err)
	eq(t, "revisions after a folded edit", e2.Revisions, 2)
	_, err = f.st.CreateReplyCommitted(f.ctx, forum.NewPostRow{ThreadID: 999999, AuthorID: f.bob.ID, Body: body("lost"), CreatedAt: f.tick()})
	wantErr(t, "reply to a missing thread", err, forum.ErrNotFound)
}

// testOnceKeys: a key is stored with the row it created; a second write
// with it is refused whole with ErrKeyUsed (nothing of it is written),
// and keys are per account and route.
func testOnceKeys(f *fixture) {
	t := f.t
	threadID, _ := f.thread(f.sub, f.alice, "Keys", f.tick())
	at := f.tick()
	c, err := f.st.CreateReplyCommitted(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: f.bob.ID, Body: body("once"),
		CreatedAt: at, Once: onceKey(f.bob, "reply:1", "h1", at)})
	f.must(err)
	r, err := f.st.OnceResult(f.ctx, f.bob.ID, "reply:1", "h1", at.Add(-time.Hour))
	f.must(err)
	eq(t, "stored key", *r, forum.OnceResult{CreatedID: c.PostID, ThreadID: threadID, At: at})

	_, err = f.st.CreateReplyCommitted(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: f.bob.ID, Body: body("twice"),
		CreatedAt: f.tick(), Once: onceKey(f.bob, "reply:1", "h1", f.clock)})
	wantErr(t, "reply with a used key", err, forum.ErrKeyUsed)
	eq(t, "replies after the refused repeat", f.getThread(threadID).ReplyCount, 1)
	eq(t, "bob's replies after the refused repeat", f.getUser(f.bob.ID).ReplyCount, 1)

	// Another account, another route: new writes.
	_, err = f.st.CreateReplyCommitted(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: f.carol.ID, Body: body("carol"),
		CreatedAt: f.tick(), Once: onceKey(f.carol, "reply:1", "h1", f.clock)})
	f.must(err)
	tid, pid, err := f.st.CreateThread(f.ctx, forum.NewThreadRow{SubtopicID: f.sub.ID, AuthorID: f.bob.ID, Title: "Keyed thread",
		Slug: "keyed-thread", Body: body("keyed"), TagIDs: []int64{f.tagGo.ID}, CreatedAt: f.tick(), Once: onceKey(f.bob, "thread", "h1", f.clock)})
	f.must(err)
	r, err = f.st.OnceResult(f.ctx, f.bob.ID, "thread", "h1", f.clock.Add(-time.Hour))
	f.must(err)
	eq(t, "thread key", r.CreatedID, tid)
	_, _, err = f.st.CreateThread(f.ctx, forum.NewThreadRow{SubtopicID: f.sub.ID, AuthorID: f.bob.ID, Title: "Keyed thread",
		Slug: "keyed-thread", Body: body("keyed"), TagIDs: []int64{f.tagGo.ID}, CreatedAt: f.tick(), Once: onceKey(f.bob, "thread", "h1", f.clock)})
	wantErr(t, "thread with a used key", err, forum.ErrKeyUsed)
	eq(t, "subtopic threads after the refused repeat", f.getSubtopic("go").ThreadCount, 2)
	eq(t, "tag threads after the refused repeat", f.getTag("goroutines").ThreadCount, 1)
	eq(t, "keyed thread's post", f.getThread(tid).FirstPostID, pid)

	tok := &forum.Token{UserID: f.alice.ID, Name: "keyed", CreatedAt: f.tick()}
	k := onceKey(f.alice, "token", "h1", f.clock)
	k.Nonce = "n0nce"
	f.must(f.st.CreateTokenOnce(f.ctx, tok, "hash-keyed", k))
	r, err = f.st.OnceResult(f.ctx, f.alice.ID, "token", "h1", f.clock.Add(-time.Hour))
	f.must(err)
	eq(t, "token key", *r, forum.OnceResult{CreatedID: tok.ID, Nonce: "n0nce", At: f.clock})
	wantErr(t, "token with a used key", f.st.CreateTokenOnce(f.ctx, &forum.Token{UserID: f.alice.ID, Name: "again", CreatedAt: f.tick()},
		"hash-again", onceKey(f.alice, "token", "h1", f.clock)), forum.ErrKeyUsed)
	toks, err := f.st.Tokens(f.ctx, f.alice.ID)
	f.must(err)
	eq(t, "alice's tokens after the refused repeat", len(toks), 1)
	_, err = f.st.OnceResult(f.ctx, f.alice.ID, "token", "unknown", f.clock.Add(-time.Hour))
	wantErr(t, "unknown key", err, forum.ErrNotFound)
}

// testOnceConcurrent: eight writers with one key at once; exactly one
// reply exists and every loser is told ErrKeyUsed.
func testOnceConcurrent(f *fixture) {
	t := f.t
	threadID, _ := f.thread(f.sub, f.alice, "Racing keys", f.tick())
	at := f.tick()
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, lost := 0, 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.st.CreateReplyCommitted(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: f.bob.ID, Body: body("race"),
				CreatedAt: at, Once: onceKey(f.bob, "reply:race", "same", at)})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, forum.ErrKeyUsed):
				lost++
			default:
				t.Errorf("racing reply: %v", err)
			}
		}()
	}
	wg.Wait()
	eq(t, "writers that won the key", won, 1)
	eq(t, "writers told the key was used", lost, 7)
	eq(t, "replies", f.getThread(threadID).ReplyCount, 1)
}

// testOnceExpiry: a key older than its window no longer answers, may be
// used again, and is swept.
func testOnceExpiry(f *fixture) {
	t := f.t
	threadID, _ := f.thread(f.sub, f.alice, "Old keys", f.tick())
	old := f.tick()
	_, err := f.st.CreateReplyCommitted(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: f.bob.ID, Body: body("old"),
		CreatedAt: old, Once: onceKey(f.bob, "reply:x", "k", old)})
	f.must(err)
	later := old.Add(forum.OnceTTL + time.Second)
	_, err = f.st.OnceResult(f.ctx, f.bob.ID, "reply:x", "k", later.Add(-forum.OnceTTL))
	wantErr(t, "expired key", err, forum.ErrNotFound)
	c, err := f.st.CreateReplyCommitted(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: f.bob.ID, Body: body("new"),
		CreatedAt: later, Once: onceKey(f.bob, "reply:x", "k", later)})
	f.must(err)
	r, err := f.st.OnceResult(f.ctx, f.bob.ID, "reply:x", "k", later.Add(-forum.OnceTTL))
	f.must(err)
	eq(t, "reused expired key", r.CreatedID, c.PostID)
	_, err = f.st.CreateReplyCommitted(f.ctx, forum.NewPostRow{ThreadID: threadID, AuthorID: f.bob.ID, Body: body("other"),
		CreatedAt: old, Once: onceKey(f.bob, "reply:x", "k2", old)})
	f.must(err)
	n, err := f.st.SweepOnce(f.ctx, later.Add(-forum.OnceTTL))
	f.must(err)
	eq(t, "keys swept", n, int64(1))
	_, err = f.st.OnceResult(f.ctx, f.bob.ID, "reply:x", "k", later.Add(-forum.OnceTTL))
	wantErr(t, "the live key after the sweep", err, nil)
}

// testRecordUse: TokenLookup writes nothing; RecordUse moves last-use
// times forward only.
func testRecordUse(f *fixture) {
	t := f.t
	created := f.tick()
	tok := &forum.Token{UserID: f.alice.ID, Name: "ci", CreatedAt: created}
	f.must(f.st.CreateToken(f.ctx, tok, "hash-use"))
	se := forum.Session{ID: "sess-use", UserID: f.alice.ID, CreatedAt: created, LastSeen: created, ExpiresAt: created.Add(time.Hour)}
	f.must(f.st.CreateSession(f.ctx, &se))
	u, got, err := f.st.TokenLookup(f.ctx, "hash-use")
	f.must(err)
	eq(t, "token user", u.ID, f.alice.ID)
	eq(t, "token", *got, forum.Token{ID: tok.ID, UserID: f.alice.ID, Name: "ci", CreatedAt: created})
	_, _, err = f.st.TokenLookup(f.ctx, "hash-unknown")
	wantErr(t, "unknown token", err, forum.ErrNotFound)

	used := f.tick()
	f.must(f.st.RecordUse(f.ctx, forum.Usage{Tokens: map[int64]time.Time{tok.ID: used, 999999: used},
		Sessions: map[string]time.Time{"sess-use": used, "gone": used}}))
	_, got, err = f.st.TokenLookup(f.ctx, "hash-use")
	f.must(err)
	eqTime(t, "token last use", got.LastUsed, used)
	_, s, err := f.st.SessionUser(f.ctx, "sess-use", used)
	f.must(err)
	eqTime(t, "session last seen", s.LastSeen, used)
	f.must(f.st.RecordUse(f.ctx, forum.Usage{Tokens: map[int64]time.Time{tok.ID: created}, Sessions: map[string]time.Time{"sess-use": created}}))
	_, got, _ = f.st.TokenLookup(f.ctx, "hash-use")
	eqTime(t, "token last use never moves back", got.LastUsed, used)
	_, s, _ = f.st.SessionUser(f.ctx, "sess-use", used)
	eqTime(t, "session last seen never moves back", s.LastSeen, used)
}
