package storetest

import (
	"errors"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

func peopleCases() []contractCase {
	return []contractCase{
		{"PeopleListUsers", testListUsers},
		{"PeopleSetRole", testSetRole},
		{"PeopleLastAdminRace", testLastAdminRace},
		{"PeopleStates", testUserStates},
		{"PeopleReject", testRejectUser},
		{"PeopleAnonymize", testAnonymize},
		{"PeopleDeleteWithContent", testDeleteWithContent},
		{"PeopleDisplayNameAndData", testDisplayNameAndData},
		{"Invites", testInvites},
		{"InviteLastUseRace", testInviteRace},
	}
}

func (f *fixture) audit(actor *forum.User, action string, target *forum.User) *forum.AuditEntry {
	e := forum.AuditActor(actor, "192.0.2.9")
	e.At, e.Action, e.TargetKind = f.tick(), action, "user"
	if target != nil {
		e.TargetID, e.TargetLabel = target.ID, target.Username
	}
	return &e
}

// auditActions lists the actions logged on an account, newest first.
func (f *fixture) auditActions(u *forum.User) string {
	f.t.Helper()
	es, err := f.st.AuditLog(f.ctx, forum.AuditFilter{TargetKind: "user", TargetID: u.ID})
	f.must(err)
	var out []string
	for _, e := range es {
		out = append(out, e.Action)
	}
	return join(out)
}

func usernames(us []forum.User) string {
	var out []string
	for _, u := range us {
		out = append(out, u.Username)
	}
	return join(out)
}

// testListUsers searches by prefix of username, display name and email,
// filters and pages, newest first, with the total of all matches.
func testListUsers(f *fixture) {
	t := f.t
	now := epoch().Add(30 * 24 * time.Hour)
	fresh := &forum.User{Username: "newbie", DisplayName: "Nora New", Email: "nora@corp.example", Role: forum.RoleMember,
		CreatedAt: now.Add(-time.Hour), State: forum.StatePending}
	f.must(f.st.CreateUser(f.ctx, fresh))
	list := func(what string, q forum.UserQuery, want string, wantTotal int) {
		t.Helper()
		q.Now = now
		got, total, err := f.st.ListUsers(f.ctx, q)
		f.must(err)
		eq(t, what, usernames(got), want)
		eq(t, what+" total", total, wantTotal)
	}
	list("all", forum.UserQuery{}, "newbie sam carol bob alice", 5)
	list("page 2", forum.UserQuery{Limit: 2, Offset: 2}, "carol bob", 5)
	list("username prefix", forum.UserQuery{Search: "ca"}, "carol", 1)
	list("display name prefix", forum.UserQuery{Search: "nora"}, "newbie", 1)
	list("email prefix", forum.UserQuery{Search: "bob@"}, "bob", 1)
	list("underscore is literal", forum.UserQuery{Search: "a_"}, "", 0)
	list("new", forum.UserQuery{Filter: forum.FilterNew}, "newbie", 1)
	list("staff", forum.UserQuery{Filter: forum.FilterStaff}, "sam", 1)
	list("pending", forum.UserQuery{Filter: forum.FilterPending}, "newbie", 1)
	f.must(f.st.SetUserState(f.ctx, f.bob.ID, forum.StateChange{To: forum.StateSuspended, Until: now.Add(time.Hour), Reason: "spam", At: now}, nil))
	f.must(f.st.SetUserState(f.ctx, f.carol.ID, forum.StateChange{To: forum.StateSuspended, Until: now.Add(-time.Hour), Reason: "old", At: now}, nil))
	list("suspended now (carol's has ended)", forum.UserQuery{Filter: forum.FilterSuspended}, "bob", 1)
	got, _, err := f.st.ListUsers(f.ctx, forum.UserQuery{Search: "bob", Now: now})
	f.must(err)
	eq(t, "state read back", got[0].State, forum.StateSuspended)
	eq(t, "reason read back", got[0].SuspendReason, "spam")
	eqTime(t, "until read back", got[0].SuspendedUntil, now.Add(time.Hour))
}

// testSetRole changes role and title with an audit row, refuses a change
// made from a stale view with the current value, and never takes the role
// from the last admin.
func testSetRole(f *fixture) {
	t := f.t
	admin := f.user("ada", forum.RoleAdmin)
	e := f.audit(admin, "user.role", f.alice)
	f.must(f.st.SetRole(f.ctx, f.alice.ID, forum.RoleChange{FromRole: forum.RoleMember, Role: forum.RoleStaff, Title: "Support"}, e))
	if e.ID == 0 {
		t.Error("SetRole wrote no audit row")
	}
	u := f.getUser(f.alice.ID)
	eq(t, "role", u.Role, forum.RoleStaff)
	eq(t, "title", u.Title, "Support")
	eq(t, "audit", f.auditActions(f.alice), "user.role")

	// A second change from the old view is refused with the current role.
	err := f.st.SetRole(f.ctx, f.alice.ID, forum.RoleChange{FromRole: forum.RoleMember, Role: forum.RoleModerator}, f.audit(admin, "user.role", f.alice))
	var stale *forum.StaleError
	if !errors.As(err, &stale) || stale.Field != "role" || stale.Current != "staff" || !errors.Is(err, forum.ErrConflict) {
		t.Fatalf("stale role change: %v", err)
	}
	err = f.st.SetRole(f.ctx, f.alice.ID, forum.RoleChange{FromRole: forum.RoleStaff, FromTitle: "Other", Role: forum.RoleModerator}, nil)
	if !errors.As(err, &stale) || stale.Field != "title" || stale.Current != "Support" {
		t.Fatalf("stale title change: %v", err)
	}
	eq(t, "refused changes logged nothing", f.auditActions(f.alice), "user.role")

	wantErr(t, "demote the last admin", f.st.SetRole(f.ctx, admin.ID, forum.RoleChange{FromRole: forum.RoleAdmin, Role: forum.RoleMember},
		f.audit(admin, "user.role", admin)), forum.ErrForbidden)
	eq(t, "still admin", f.getUser(admin.ID).Role, forum.RoleAdmin)
	f.must(f.st.SetRole(f.ctx, f.bob.ID, forum.RoleChange{FromRole: forum.RoleMember, Role: forum.RoleAdmin}, nil))
	f.must(f.st.SetRole(f.ctx, admin.ID, forum.RoleChange{FromRole: forum.RoleAdmin, Role: forum.RoleMember}, nil))
	eq(t, "demoted once another admin exists", f.getUser(admin.ID).Role, forum.RoleMember)
	wantErr(t, "unknown user", f.st.SetRole(f.ctx, 9999, forum.RoleChange{Role: forum.RoleStaff}, nil), forum.ErrNotFound)
}

// testLastAdminRace demotes two admins at once: one must stay.
func testLastAdminRace(f *fixture) {
	a := f.user("ada", forum.RoleAdmin)
	b := f.user("bea", forum.RoleAdmin)
	admins := []*forum.User{a, b}
	res := parallel(2, func(i int) (struct{}, error) {
		return struct{}{}, f.st.SetRole(f.ctx, admins[i].ID, forum.RoleChange{FromRole: forum.RoleAdmin, Role: forum.RoleMember}, nil)
	})
	ok := 0
	for _, r := range res {
		if r.err == nil {
			ok++
		} else if !errors.Is(r.err, forum.ErrForbidden) {
			f.t.Fatalf("demotion failed with %v", r.err)
		}
	}
	left, _, err := f.st.ListUsers(f.ctx, forum.UserQuery{Filter: forum.FilterStaff, Now: epoch()})
	f.must(err)
	eq(f.t, "demotions that succeeded", ok, 1)
	eq(f.t, "admins left", len(left), 2) // sam (staff) and the remaining admin
}

// testUserStates walks an account from pending through approval,
// suspension (which ends every session and token in its transaction) and
// back; sessions of pending accounts do not count.
func testUserStates(f *fixture) {
	t := f.t
	now := f.tick()
	p := &forum.User{Username: "pat", DisplayName: "Pat", Email: "pat@example.com", PasswordHash: "h", Role: forum.RoleMember,
		CreatedAt: now, State: forum.StatePending}
	f.must(f.st.CreateUser(f.ctx, p))
	eq(t, "created pending", f.getUser(p.ID).State, forum.StatePending)
	se := forum.Session{ID: "pat-1", UserID: p.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}
	f.must(f.st.CreateSession(f.ctx, &se))
	_, _, err := f.st.SessionUser(f.ctx, "pat-1", now)
	wantErr(t, "session of a pending account", err, forum.ErrNotFound)

	err = f.st.SetUserState(f.ctx, p.ID, forum.StateChange{From: forum.StateSuspended, To: forum.StateActive, At: now}, nil)
	wantErr(t, "unsuspend a pending account", err, forum.ErrConflict)
	f.must(f.st.SetUserState(f.ctx, p.ID, forum.StateChange{From: forum.StatePending, To: forum.StateActive, At: now}, f.audit(f.staff, "user.approve", p)))
	eq(t, "approved", f.getUser(p.ID).State, forum.StateActive)
	u, _, err := f.st.SessionUser(f.ctx, "pat-1", now)
	f.must(err)
	eq(t, "last seen is the sign-in", u.LastSeen.Equal(now), true)

	tok := forum.Token{UserID: p.ID, Name: "ci", CreatedAt: now}
	f.must(f.st.CreateToken(f.ctx, &tok, "pat-token"))
	until := now.Add(48 * time.Hour)
	f.must(f.st.SetUserState(f.ctx, p.ID, forum.StateChange{From: forum.StateActive, To: forum.StateSuspended, Until: until,
		Reason: "Posting spam", At: now}, f.audit(f.staff, "user.suspend", p)))
	_, _, err = f.st.SessionUser(f.ctx, "pat-1", now)
	wantErr(t, "session after suspension", err, forum.ErrNotFound)
	_, _, err = f.st.TokenLookup(f.ctx, "pat-token")
	wantErr(t, "token after suspension", err, forum.ErrNotFound)
	_, err = f.st.TokenUser(f.ctx, "pat-token", now)
	wantErr(t, "token user after suspension", err, forum.ErrNotFound)
	ss, err := f.st.Sessions(f.ctx, p.ID)
	f.must(err)
	ts, err := f.st.Tokens(f.ctx, p.ID)
	f.must(err)
	eq(t, "sessions and tokens left", len(ss)+len(ts), 0)
	got := f.getUser(p.ID)
	eq(t, "suspended", got.State, forum.StateSuspended)
	eq(t, "reason", got.SuspendReason, "Posting spam")
	eqTime(t, "until", got.SuspendedUntil, until)

	f.must(f.st.SetUserState(f.ctx, p.ID, forum.StateChange{From: forum.StateSuspended, To: forum.StateActive, At: now}, f.audit(f.staff, "user.unsuspend", p)))
	got = f.getUser(p.ID)
	eq(t, "unsuspended", got.State, forum.StateActive)
	eq(t, "reason cleared", got.SuspendReason, "")
	eq(t, "audit", f.auditActions(p), "user.unsuspend user.suspend user.approve")
	wantErr(t, "unknown user", f.st.SetUserState(f.ctx, 9999, forum.StateChange{To: forum.StateActive}, nil), forum.ErrNotFound)
}

// testRejectUser deletes a pending account and nothing else.
func testRejectUser(f *fixture) {
	t := f.t
	p := &forum.User{Username: "pat", DisplayName: "Pat", Email: "pat@example.com", Role: forum.RoleMember, CreatedAt: f.tick(), State: forum.StatePending}
	f.must(f.st.CreateUser(f.ctx, p))
	wantErr(t, "reject an active account", f.st.RejectUser(f.ctx, f.alice.ID, nil), forum.ErrConflict)
	e := f.audit(f.staff, "user.reject", p)
	f.must(f.st.RejectUser(f.ctx, p.ID, e))
	_, err := f.st.UserByID(f.ctx, p.ID)
	wantErr(t, "rejected account", err, forum.ErrNotFound)
	eq(t, "audit kept", f.auditActions(p), "user.reject")
	wantErr(t, "reject twice", f.st.RejectUser(f.ctx, p.ID, nil), forum.ErrNotFound)
	// The address and username are free again.
	f.must(f.st.CreateUser(f.ctx, &forum.User{Username: "pat", DisplayName: "Pat", Email: "pat@example.com", Role: forum.RoleMember, CreatedAt: f.tick()}))
}

// testAnonymize erases personal data and keeps the posts under the
// placeholder name.
func testAnonymize(f *fixture) {
	t := f.t
	th, op := f.thread(f.sub, f.alice, "Alice asks about channels", f.tick())
	r := f.reply(th, f.alice, f.tick())
	now := f.tick()
	f.must(f.st.CreateSession(f.ctx, &forum.Session{ID: "a1", UserID: f.alice.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}))
	f.must(f.st.CreateToken(f.ctx, &forum.Token{UserID: f.alice.ID, Name: "t", CreatedAt: now}, "alice-token"))
	f.must(f.st.AnonymizeUser(f.ctx, f.alice.ID, "deleted-x", false, now, f.audit(f.staff, "user.anonymize", f.alice)))
	u := f.getUser(f.alice.ID)
	eq(t, "username", u.Username, "deleted-x")
	eq(t, "display name", u.DisplayName, forum.DeletedDisplayName)
	eq(t, "email", u.Email, "")
	eq(t, "password", u.PasswordHash, "")
	eq(t, "state", u.State, forum.StateDeleted)
	_, err := f.st.UserByLogin(f.ctx, "alice@example.com")
	wantErr(t, "sign in by old email", err, forum.ErrNotFound)
	_, _, err = f.st.SessionUser(f.ctx, "a1", now)
	wantErr(t, "old session", err, forum.ErrNotFound)
	_, _, err = f.st.TokenLookup(f.ctx, "alice-token")
	wantErr(t, "old token", err, forum.ErrNotFound)
	eq(t, "opening post stays", f.getPost(op).Deleted, false)
	eq(t, "reply stays", f.getPost(r).Author.DisplayName, forum.DeletedDisplayName)
	eq(t, "thread count kept", u.ThreadCount, 1)
	wantErr(t, "anonymize twice", f.st.AnonymizeUser(f.ctx, f.alice.ID, "deleted-y", false, now, nil), forum.ErrConflict)

	last := f.user("ada", forum.RoleAdmin)
	wantErr(t, "anonymize the last admin", f.st.AnonymizeUser(f.ctx, last.ID, "deleted-z", false, now, nil), forum.ErrForbidden)
	eq(t, "audit", f.auditActions(f.alice), "user.anonymize")
}

// testDeleteWithContent deletes an account's threads and replies: a
// thread nobody else replied to goes; one with others' replies keeps them
// and loses its opening post's text; replies elsewhere go with their
// recommendation and acceptance. Counters are checked after the case.
func testDeleteWithContent(f *fixture) {
	t := f.t
	lonely, lonelyOP := f.thread(f.sub, f.alice, "Alice's unanswered question", f.tick(), f.tagGo)
	f.reply(lonely, f.alice, f.tick()) // her own follow-up
	busy, busyOP := f.thread(f.sub, f.alice, "Alice's answered question", f.tick(), f.tagSQL)
	bobReply := f.reply(busy, f.bob, f.tick())
	bobs, _ := f.thread(f.sub2, f.bob, "Bob's question here", f.tick())
	aliceAnswer := f.reply(bobs, f.alice, f.tick())
	f.must(f.st.SetAccepted(f.ctx, bobs, aliceAnswer, f.tick()))
	f.must(f.st.SetRecommended(f.ctx, aliceAnswer, f.staff.ID, true, f.tick()))
	_, err := f.st.SetBoost(f.ctx, busyOP, f.bob.ID, true, f.tick())
	f.must(err)
	_, err = f.st.SetBoost(f.ctx, bobReply, f.alice.ID, true, f.tick())
	f.must(err)

	f.must(f.st.AnonymizeUser(f.ctx, f.alice.ID, "deleted-a", true, f.tick(), f.audit(f.staff, "user.delete", f.alice)))

	_, err = f.st.Thread(f.ctx, lonely)
	wantErr(t, "thread nobody else replied to", err, forum.ErrNotFound)
	_, err = f.st.Post(f.ctx, lonelyOP)
	wantErr(t, "its opening post", err, forum.ErrNotFound)
	th := f.getThread(busy)
	eq(t, "answered thread stays", th.ReplyCount, 1)
	op := f.getPost(busyOP)
	eq(t, "opening post withdrawn: no source", op.BodySource, "")
	eq(t, "withdrawn notice", op.BodyHTML, "<p><em>This post was withdrawn by its author.</em></p>")
	eq(t, "bob's reply stays", f.getPost(bobReply).Deleted, false)
	bt := f.getThread(bobs)
	eq(t, "answer in bob's thread deleted", bt.ReplyCount, 0)
	eq(t, "acceptance gone", bt.AcceptedPostID, int64(0))
	eq(t, "solved gone", bt.Solved(), false)
	u := f.getUser(f.alice.ID)
	eq(t, "alice's threads", u.ThreadCount, 1)
	eq(t, "alice's replies", u.ReplyCount, 0)
	eq(t, "go tag", f.getTag("goroutines").ThreadCount, 0)
	revs, err := f.st.Revisions(f.ctx, busyOP)
	f.must(err)
	for _, r := range revs {
		eq(t, "revision text erased", r.BodySource, "")
	}
	eq(t, "deleted thread not found by search", len(f.search("unanswered")), 0)
	eq(t, "withdrawn text not found by search", len(f.search("opening")), 1) // bob's thread only
}

// testDisplayNameAndData renames and downloads one account's data.
func testDisplayNameAndData(f *fixture) {
	t := f.t
	f.must(f.st.SetDisplayName(f.ctx, f.alice.ID, "Alice A."))
	eq(t, "display name", f.getUser(f.alice.ID).DisplayName, "Alice A.")
	wantErr(t, "unknown user", f.st.SetDisplayName(f.ctx, 9999, "X"), forum.ErrNotFound)

	th, op := f.thread(f.sub, f.alice, "Alice's data question", f.tick())
	r := f.reply(th, f.alice, f.tick())
	f.reply(th, f.bob, f.tick())
	_, err := f.st.SetBoost(f.ctx, op, f.bob.ID, true, f.tick())
	f.must(err)
	bobs, bop := f.thread(f.sub, f.bob, "Bob's thread to boost", f.tick())
	_ = bobs
	_, err = f.st.SetBoost(f.ctx, bop, f.alice.ID, true, f.tick())
	f.must(err)
	now := f.tick()
	f.must(f.st.CreateSession(f.ctx, &forum.Session{ID: "a1", UserID: f.alice.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour), IP: "192.0.2.1"}))
	f.must(f.st.SetRole(f.ctx, f.alice.ID, forum.RoleChange{FromRole: forum.RoleMember, Role: forum.RoleStaff}, f.audit(f.staff, "user.role", f.alice)))

	d, err := f.st.UserData(f.ctx, f.alice.ID)
	f.must(err)
	eq(t, "user", d.User.Username, "alice")
	eq(t, "threads", len(d.Threads), 1)
	eq(t, "thread title", d.Threads[0].Title, "Alice's data question")
	eq(t, "posts", fmt.Sprint(len(d.Posts), d.Posts[0].ID, d.Posts[1].ID), fmt.Sprint(2, op, r))
	eq(t, "versions", len(d.Posts[0].Versions), 1)
	eq(t, "boosts", fmt.Sprint(d.Boosts), fmt.Sprint([]int64{bop}))
	eq(t, "sessions", len(d.Sessions), 1)
	eq(t, "audit", len(d.Audit), 1)
	_, err = f.st.UserData(f.ctx, 9999)
	wantErr(t, "unknown user", err, forum.ErrNotFound)
}

// testInvites creates, finds, uses up, expires and revokes invitations.
func testInvites(f *fixture) {
	t := f.t
	now := f.tick()
	inv := &forum.Invite{CreatedBy: f.staff.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour), MaxUses: 2, Note: "team"}
	e := f.audit(f.staff, "invite.create", nil)
	f.must(f.st.CreateInvite(f.ctx, inv, "hash-1", e))
	eq(t, "audit names the invite", e.TargetID, inv.ID)
	bound := &forum.Invite{Email: "Zed@Example.com", CreatedBy: f.staff.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour), MaxUses: 1}
	f.must(f.st.CreateInvite(f.ctx, bound, "hash-2", nil))
	wantErr(t, "duplicate code", f.st.CreateInvite(f.ctx, &forum.Invite{CreatedAt: now, ExpiresAt: now, MaxUses: 1}, "hash-1", nil), forum.ErrConflict)

	got, err := f.st.InviteByCode(f.ctx, "hash-1")
	f.must(err)
	eq(t, "read back", *got, *inv)
	_, err = f.st.InviteByCode(f.ctx, "nope")
	wantErr(t, "unknown code", err, forum.ErrNotFound)

	mk := func(name string) *forum.User {
		return &forum.User{Username: name, DisplayName: name, Email: name + "@example.com", Role: forum.RoleMember, CreatedAt: now}
	}
	f.must(f.st.CreateInvitedUser(f.ctx, mk("ivy"), "hash-1", now))
	wantErr(t, "taken username does not use the invite", f.st.CreateInvitedUser(f.ctx, mk("ivy"), "hash-1", now), forum.ErrConflict)
	f.must(f.st.CreateInvitedUser(f.ctx, mk("ian"), "hash-1", now))
	wantErr(t, "used up", f.st.CreateInvitedUser(f.ctx, mk("ike"), "hash-1", now), forum.ErrInviteInvalid)
	wantErr(t, "another address", f.st.CreateInvitedUser(f.ctx, mk("yan"), "hash-2", now), forum.ErrInviteInvalid)
	wantErr(t, "expired", f.st.CreateInvitedUser(f.ctx, mk("zed"), "hash-2", now.Add(time.Hour)), forum.ErrInviteInvalid)
	wantErr(t, "unknown", f.st.CreateInvitedUser(f.ctx, mk("zed"), "hash-9", now), forum.ErrInviteInvalid)
	f.must(f.st.RevokeInvite(f.ctx, bound.ID, f.audit(f.staff, "invite.revoke", nil)))
	wantErr(t, "revoked", f.st.CreateInvitedUser(f.ctx, mk("zed"), "hash-2", now), forum.ErrInviteInvalid)
	wantErr(t, "revoke twice", f.st.RevokeInvite(f.ctx, bound.ID, nil), forum.ErrNotFound)

	list, err := f.st.Invites(f.ctx, 10)
	f.must(err)
	eq(t, "listed newest first", fmt.Sprint(len(list), list[0].ID, list[1].ID), fmt.Sprint(2, bound.ID, inv.ID))
	eq(t, "uses", list[1].Uses, 2)
	eq(t, "revoked", list[0].Revoked, true)
	eq(t, "email stored lower-case", list[0].Email, "zed@example.com")
	_, err = f.st.UserByUsername(f.ctx, "ike")
	wantErr(t, "refused sign-up created nothing", err, forum.ErrNotFound)
}

// testInviteRace has five sign-ups race for an invitation's two uses.
func testInviteRace(f *fixture) {
	now := f.tick()
	f.must(f.st.CreateInvite(f.ctx, &forum.Invite{CreatedAt: now, ExpiresAt: now.Add(time.Hour), MaxUses: 2}, "race", nil))
	res := parallel(5, func(i int) (struct{}, error) {
		name := fmt.Sprintf("racer%d", i)
		return struct{}{}, f.st.CreateInvitedUser(f.ctx, &forum.User{Username: name, DisplayName: name, Email: name + "@example.com",
			Role: forum.RoleMember, CreatedAt: now}, "race", now)
	})
	ok := 0
	for _, r := range res {
		switch {
		case r.err == nil:
			ok++
		case !errors.Is(r.err, forum.ErrInviteInvalid):
			f.t.Fatalf("sign-up failed with %v", r.err)
		}
	}
	eq(f.t, "sign-ups that got a use", ok, 2)
}
