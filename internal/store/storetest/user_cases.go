package storetest

import (
	"github.com/parley-forum/parley/internal/forum"
)

// testUsers checks that accounts round-trip and that sign-in finds them by
// username or by email, whatever the case of the login typed.
func testUsers(f *fixture) {
	t := f.t
	alice := f.getUser(f.alice.ID)
	eq(t, "alice", *alice, forum.User{ID: f.alice.ID, Username: "alice", DisplayName: "User alice",
		Email: "alice@example.com", PasswordHash: "hash-alice", Role: forum.RoleMember, CreatedAt: epoch(), State: forum.StateActive})
	eq(t, "staff role", f.getUser(f.staff.ID).Role, forum.RoleStaff)

	dave := &forum.User{Username: "dave", DisplayName: "Dave", Email: "Dave.Mixed@Example.COM",
		Role: forum.RoleModerator, Title: "Support Engineer", CreatedAt: f.tick()}
	f.must(f.st.CreateUser(f.ctx, dave))
	if dave.ID == 0 || dave.ID == f.alice.ID {
		t.Fatalf("CreateUser set id %d", dave.ID)
	}
	byName, err := f.st.UserByUsername(f.ctx, "dave")
	f.must(err)
	eq(t, "dave title", byName.Title, "Support Engineer")
	eq(t, "dave role", byName.Role, forum.RoleModerator)
	eqTime(t, "dave created", byName.CreatedAt, f.clock)
	for _, login := range []string{"dave", "DAVE", "dave.mixed@example.com", "DAVE.MIXED@EXAMPLE.COM", "Dave.Mixed@Example.COM"} {
		u, err := f.st.UserByLogin(f.ctx, login)
		wantErr(t, "UserByLogin("+login+")", err, nil)
		eq(t, "UserByLogin("+login+")", u.ID, dave.ID)
	}

	// Accounts without an email may coexist, and an empty login finds none.
	eve := &forum.User{Username: "eve", DisplayName: "Eve", Role: forum.RoleMember, CreatedAt: f.tick()}
	f.must(f.st.CreateUser(f.ctx, eve))
	f.must(f.st.CreateUser(f.ctx, &forum.User{Username: "frank", DisplayName: "Frank", Role: forum.RoleMember, CreatedAt: f.tick()}))
	eq(t, "email of an account without one", f.getUser(eve.ID).Email, "")
	for _, login := range []string{"", "nobody", "nobody@example.com"} {
		_, err := f.st.UserByLogin(f.ctx, login)
		wantErr(t, "UserByLogin("+login+")", err, forum.ErrNotFound)
	}
	_, err = f.st.UserByUsername(f.ctx, "nobody")
	wantErr(t, "UserByUsername(unknown)", err, forum.ErrNotFound)
	_, err = f.st.UserByID(f.ctx, dave.ID+1000)
	wantErr(t, "UserByID(unknown)", err, forum.ErrNotFound)

	f.must(f.st.SetPassword(f.ctx, f.alice.ID, "new-hash"))
	u, err := f.st.UserByLogin(f.ctx, "alice@example.com")
	f.must(err)
	eq(t, "password after SetPassword", u.PasswordHash, "new-hash")
	eq(t, "bob untouched", f.getUser(f.bob.ID).PasswordHash, "hash-bob")
	wantErr(t, "SetPassword(unknown)", f.st.SetPassword(f.ctx, dave.ID+1000, "x"), forum.ErrNotFound)
}

// testUserConflicts checks that usernames and emails (compared without
// case) are unique and a refused account is not half-created.
func testUserConflicts(f *fixture) {
	t := f.t
	err := f.st.CreateUser(f.ctx, &forum.User{Username: "alice", DisplayName: "Other", Email: "other@example.com",
		Role: forum.RoleMember, CreatedAt: f.tick()})
	wantErr(t, "taken username", err, forum.ErrConflict)
	err = f.st.CreateUser(f.ctx, &forum.User{Username: "alice2", DisplayName: "Other", Email: "ALICE@Example.com",
		Role: forum.RoleMember, CreatedAt: f.tick()})
	wantErr(t, "taken email in other case", err, forum.ErrConflict)
	_, err = f.st.UserByUsername(f.ctx, "alice2")
	wantErr(t, "refused account", err, forum.ErrNotFound)
	u, err := f.st.UserByLogin(f.ctx, "other@example.com")
	wantErr(t, "refused account's email", err, forum.ErrNotFound)
	if u != nil {
		t.Errorf("refused account stored: %+v", u)
	}
}

// testSettings checks that the first stored value wins, also when several
// callers race to store theirs.
func testSettings(f *fixture) {
	t := f.t
	_, err := f.st.Setting(f.ctx, "csrf_key")
	wantErr(t, "unset setting", err, forum.ErrNotFound)
	v, err := f.st.SetSettingIfAbsent(f.ctx, "csrf_key", "first")
	f.must(err)
	eq(t, "first SetSettingIfAbsent", v, "first")
	v, err = f.st.SetSettingIfAbsent(f.ctx, "csrf_key", "second")
	f.must(err)
	eq(t, "second SetSettingIfAbsent", v, "first")
	v, err = f.st.Setting(f.ctx, "csrf_key")
	f.must(err)
	eq(t, "Setting", v, "first")

	const n = 16
	got := parallel(n, func(i int) (string, error) {
		return f.st.SetSettingIfAbsent(f.ctx, "secret", string(rune('a'+i)))
	})
	stored, err := f.st.Setting(f.ctx, "secret")
	f.must(err)
	for i, r := range got {
		wantErr(t, "concurrent SetSettingIfAbsent", r.err, nil)
		if r.val != stored {
			t.Errorf("caller %d was told %q, but %q is stored", i, r.val, stored)
		}
	}
}
