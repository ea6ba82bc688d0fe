package storetest

import (
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// testSessions covers a browser session's life: creation, lookup until
// (and not at) its expiry, use, listing, and revocation that never reaches
// another account's sessions.
func testSessions(f *fixture) {
	t := f.t
	start := f.tick()
	mk := func(id string, u *forum.User, seen time.Time) forum.Session {
		se := forum.Session{ID: id, UserID: u.ID, CreatedAt: start, LastSeen: seen,
			ExpiresAt: start.Add(time.Hour), UserAgent: "agent " + id, IP: "192.0.2.1"}
		f.must(f.st.CreateSession(f.ctx, &se))
		return se
	}
	s1 := mk("s1", f.alice, start)
	mk("s2", f.alice, start.Add(2*time.Second))
	mk("s3", f.alice, start.Add(time.Second))
	mk("s4", f.bob, start)
	wantErr(t, "duplicate session id", f.st.CreateSession(f.ctx, &forum.Session{ID: "s1", UserID: f.bob.ID,
		CreatedAt: start, LastSeen: start, ExpiresAt: start.Add(time.Hour)}), forum.ErrConflict)

	u, se, err := f.st.SessionUser(f.ctx, "s1", start.Add(time.Minute))
	f.must(err)
	eq(t, "session user", u.ID, f.alice.ID)
	eq(t, "session user email", u.Email, "alice@example.com")
	eq(t, "session", *se, s1)
	_, _, err = f.st.SessionUser(f.ctx, "s1", s1.ExpiresAt.Add(-time.Second))
	wantErr(t, "session just before expiry", err, nil)
	_, _, err = f.st.SessionUser(f.ctx, "s1", s1.ExpiresAt)
	wantErr(t, "session at expiry", err, forum.ErrNotFound)
	_, _, err = f.st.SessionUser(f.ctx, "s1", s1.ExpiresAt.Add(time.Hour))
	wantErr(t, "expired session", err, forum.ErrNotFound)
	_, _, err = f.st.SessionUser(f.ctx, "nope", start)
	wantErr(t, "unknown session", err, forum.ErrNotFound)

	touched := start.Add(10 * time.Minute)
	f.must(f.st.TouchSession(f.ctx, "s1", touched))
	_, se, err = f.st.SessionUser(f.ctx, "s1", touched)
	f.must(err)
	eqTime(t, "last seen after TouchSession", se.LastSeen, touched)
	sessionIDs := func(u *forum.User) []string {
		list, err := f.st.Sessions(f.ctx, u.ID)
		f.must(err)
		var ids []string
		for _, s := range list {
			if s.UserID != u.ID {
				t.Errorf("Sessions(%s) returned a session of user %d", u.Username, s.UserID)
			}
			ids = append(ids, s.ID)
		}
		return ids
	}
	eq(t, "alice's sessions, most recently used first", join(sessionIDs(f.alice)), "s1 s2 s3")

	wantErr(t, "deleting another account's session", f.st.DeleteSession(f.ctx, f.bob.ID, "s1"), forum.ErrNotFound)
	_, _, err = f.st.SessionUser(f.ctx, "s1", touched)
	wantErr(t, "session after a foreign delete", err, nil)
	f.must(f.st.DeleteSession(f.ctx, f.alice.ID, "s1"))
	_, _, err = f.st.SessionUser(f.ctx, "s1", touched)
	wantErr(t, "deleted session", err, forum.ErrNotFound)
	wantErr(t, "deleting it again", f.st.DeleteSession(f.ctx, f.alice.ID, "s1"), forum.ErrNotFound)

	mk("s5", f.alice, start)
	f.must(f.st.DeleteSessionsExcept(f.ctx, f.alice.ID, "s2"))
	eq(t, "alice's sessions after DeleteSessionsExcept", join(sessionIDs(f.alice)), "s2")
	eq(t, "bob's sessions after alice's sign-out elsewhere", join(sessionIDs(f.bob)), "s4")
}

// testTokens covers API tokens: lookup by hash, use recorded, listing, and
// revocation limited to the owner.
func testTokens(f *fixture) {
	t := f.t
	created := f.tick()
	mk := func(u *forum.User, name, hash string) forum.Token {
		tk := forum.Token{UserID: u.ID, Name: name, CreatedAt: created}
		f.must(f.st.CreateToken(f.ctx, &tk, hash))
		if tk.ID == 0 {
			t.Fatalf("CreateToken(%s) set no id", name)
		}
		return tk
	}
	ci := mk(f.alice, "ci", "hash-ci")
	laptop := mk(f.alice, "laptop", "hash-laptop")
	mk(f.bob, "bob's", "hash-bob")
	wantErr(t, "duplicate token hash", f.st.CreateToken(f.ctx, &forum.Token{UserID: f.bob.ID, Name: "x", CreatedAt: created}, "hash-ci"), forum.ErrConflict)

	used := created.Add(time.Minute)
	u, err := f.st.TokenUser(f.ctx, "hash-ci", used)
	f.must(err)
	eq(t, "token user", u.ID, f.alice.ID)
	_, err = f.st.TokenUser(f.ctx, "hash-unknown", used)
	wantErr(t, "unknown token", err, forum.ErrNotFound)

	list, err := f.st.Tokens(f.ctx, f.alice.ID)
	f.must(err)
	if len(list) != 2 {
		t.Fatalf("Tokens(alice) = %+v, want 2 tokens", list)
	}
	eq(t, "first token", list[0], forum.Token{ID: ci.ID, UserID: f.alice.ID, Name: "ci", CreatedAt: created, LastUsed: used})
	eq(t, "unused token", list[1], forum.Token{ID: laptop.ID, UserID: f.alice.ID, Name: "laptop", CreatedAt: created})
	later := used.Add(time.Hour)
	_, err = f.st.TokenUser(f.ctx, "hash-ci", later)
	f.must(err)
	list, err = f.st.Tokens(f.ctx, f.alice.ID)
	f.must(err)
	eqTime(t, "last use an hour later", list[0].LastUsed, later)

	wantErr(t, "deleting another account's token", f.st.DeleteToken(f.ctx, f.bob.ID, ci.ID), forum.ErrNotFound)
	_, err = f.st.TokenUser(f.ctx, "hash-ci", later)
	wantErr(t, "token after a foreign delete", err, nil)
	f.must(f.st.DeleteToken(f.ctx, f.alice.ID, ci.ID))
	_, err = f.st.TokenUser(f.ctx, "hash-ci", later)
	wantErr(t, "revoked token", err, forum.ErrNotFound)
	wantErr(t, "revoking it again", f.st.DeleteToken(f.ctx, f.alice.ID, ci.ID), forum.ErrNotFound)
	list, err = f.st.Tokens(f.ctx, f.alice.ID)
	f.must(err)
	if len(list) != 1 || list[0].ID != laptop.ID {
		t.Errorf("Tokens(alice) after revoking ci = %+v", list)
	}
}

// testDeleteTokens covers revoking every token of one account at once, as
// a password change does: the others' tokens stay.
func testDeleteTokens(f *fixture) {
	t := f.t
	created := f.tick()
	for i, u := range []*forum.User{f.alice, f.alice, f.bob} {
		f.must(f.st.CreateToken(f.ctx, &forum.Token{UserID: u.ID, Name: "t", CreatedAt: created}, fmt.Sprintf("hash-%d", i)))
	}
	n, err := f.st.DeleteTokens(f.ctx, f.alice.ID)
	f.must(err)
	eq(t, "tokens revoked", n, 2)
	for _, h := range []string{"hash-0", "hash-1"} {
		_, err := f.st.TokenUser(f.ctx, h, created)
		wantErr(t, "alice's token after DeleteTokens", err, forum.ErrNotFound)
	}
	u, err := f.st.TokenUser(f.ctx, "hash-2", created)
	f.must(err)
	eq(t, "bob's token still works", u.ID, f.bob.ID)
	n, err = f.st.DeleteTokens(f.ctx, f.alice.ID)
	f.must(err)
	eq(t, "revoking none", n, 0)
}
