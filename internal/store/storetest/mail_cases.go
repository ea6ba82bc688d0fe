package storetest

import (
	"errors"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

func mailCases() []contractCase {
	return []contractCase{
		{"MailTokensSingleUse", testMailTokens},
		{"EmailOutbox", testEmailOutbox},
		{"ConfirmEmailTokens", testConfirmEmail},
	}
}

// testMailTokens: a reset token works once, not after its expiry, and a
// newer token replaces an older one; using it sets the password and ends
// every session and API token of its user (and nobody else's).
func testMailTokens(f *fixture) {
	t := f.t
	at := f.tick()
	for _, u := range []*forum.User{f.alice, f.bob} {
		f.must(f.st.CreateSession(f.ctx, &forum.Session{ID: "s-" + u.Username, UserID: u.ID, CreatedAt: at, LastSeen: at, ExpiresAt: at.Add(24 * time.Hour)}))
	}
	tok := func(hash string, u *forum.User) *forum.MailToken {
		return &forum.MailToken{Hash: hash, Purpose: forum.MailTokenReset, UserID: u.ID, Email: u.Email, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
	}
	mailOut := &forum.OutboundEmail{Key: "reset-old", Kind: "reset", UserID: f.alice.ID, To: f.alice.Email, Data: map[string]string{"token": "old"}, CreatedAt: at}
	f.must(f.st.CreateMailToken(f.ctx, tok("old", f.alice), mailOut))
	if mailOut.ID == 0 {
		t.Fatal("the email carrying the token was not queued")
	}
	f.must(f.st.CreateMailToken(f.ctx, tok("new", f.alice), &forum.OutboundEmail{Key: "reset-new", Kind: "reset", UserID: f.alice.ID, To: f.alice.Email, CreatedAt: at}))
	if _, err := f.st.ResetPassword(f.ctx, "old", "h1", at); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("replaced token: %v, want ErrNotFound", err)
	}
	if _, err := f.st.ResetPassword(f.ctx, "unknown", "h1", at); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("unknown token: %v, want ErrNotFound", err)
	}
	id, err := f.st.ResetPassword(f.ctx, "new", "h2", at.Add(30*time.Minute))
	f.must(err)
	eq(t, "reset user", id, f.alice.ID)
	u, err := f.st.UserByLogin(f.ctx, f.alice.Username)
	f.must(err)
	eq(t, "new password hash", u.PasswordHash, "h2")
	ss, err := f.st.Sessions(f.ctx, f.alice.ID)
	f.must(err)
	eq(t, "alice's sessions after reset", len(ss), 0)
	ss, err = f.st.Sessions(f.ctx, f.bob.ID)
	f.must(err)
	eq(t, "bob's sessions after alice's reset", len(ss), 1)
	if _, err := f.st.ResetPassword(f.ctx, "new", "h3", at); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("second use: %v, want ErrNotFound", err)
	}

	// Expired: refused, and gone.
	f.must(f.st.CreateMailToken(f.ctx, tok("bob", f.bob)))
	if _, err := f.st.ResetPassword(f.ctx, "bob", "h4", at.Add(time.Hour)); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("expired token: %v, want ErrNotFound", err)
	}
	if _, err := f.st.ResetPassword(f.ctx, "bob", "h4", at); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("expired token used again: %v, want ErrNotFound", err)
	}
}

// testEmailOutbox: one key, one email; attempts, errors and delivery are
// recorded; delivery erases the template data.
func testEmailOutbox(f *fixture) {
	t := f.t
	at := f.tick()
	e := &forum.OutboundEmail{Key: "k1", Kind: "verify", UserID: f.bob.ID, To: "bob@example.org", Data: map[string]string{"token": "secret"}, CreatedAt: at}
	dup, err := f.st.QueueEmail(f.ctx, e)
	f.must(err)
	eq(t, "first queue is new", dup, false)
	dup, err = f.st.QueueEmail(f.ctx, &forum.OutboundEmail{Key: "k1", Kind: "verify", To: "other@example.org", CreatedAt: at})
	f.must(err)
	eq(t, "same key again is a duplicate", dup, true)
	_, err = f.st.QueueEmail(f.ctx, &forum.OutboundEmail{Key: "k2", Kind: "reset", To: "carol@example.org", CreatedAt: at})
	f.must(err)

	got, err := f.st.Email(f.ctx, e.ID)
	f.must(err)
	eq(t, "queued to", got.To, "bob@example.org")
	eq(t, "queued status", got.Status, forum.EmailQueued)
	eq(t, "queued data", got.Data["token"], "secret")
	eq(t, "created", got.CreatedAt.Equal(at), true)

	f.must(f.st.MarkEmailFailed(f.ctx, e.ID, 1, "421 try later", false))
	got, err = f.st.Email(f.ctx, e.ID)
	f.must(err)
	eq(t, "after a failed attempt", got.Status, forum.EmailQueued)
	eq(t, "error kept", got.LastError, "421 try later")
	f.must(f.st.MarkEmailSent(f.ctx, e.ID, at.Add(time.Hour)))
	got, err = f.st.Email(f.ctx, e.ID)
	f.must(err)
	eq(t, "sent", got.Status, forum.EmailSent)
	eq(t, "attempts", got.Attempts, 2)
	eq(t, "data erased", len(got.Data), 0)
	eq(t, "sent at", got.SentAt.Equal(at.Add(time.Hour)), true)

	list, err := f.st.Emails(f.ctx, "", 10)
	f.must(err)
	eq(t, "all emails", len(list), 2)
	eq(t, "newest first", list[0].Key, "k2")
	f.must(f.st.MarkEmailFailed(f.ctx, list[0].ID, 8, "550 no such user", true))
	failed, err := f.st.Emails(f.ctx, forum.EmailFailed, 10)
	f.must(err)
	eq(t, "failed emails", len(failed), 1)
	eq(t, "failed error", failed[0].LastError, "550 no such user")
	counts, err := f.st.EmailCounts(f.ctx)
	f.must(err)
	eq(t, "sent count", counts[forum.EmailSent], 1)
	eq(t, "failed count", counts[forum.EmailFailed], 1)
	eq(t, "queued count", counts[forum.EmailQueued], 0)
	if _, err := f.st.Email(f.ctx, 999999); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("missing email: %v", err)
	}
}

// testConfirmEmail: a verification token confirms the address it was
// sent to (not one changed since); an address change token moves the
// account to the new address, confirmed, unless another account has it.
func testConfirmEmail(f *fixture) {
	t := f.t
	at := f.tick()
	u, err := f.st.UserByLogin(f.ctx, f.carol.Username)
	f.must(err)
	tok := func(hash, purpose, email string) *forum.MailToken {
		return &forum.MailToken{Hash: hash, Purpose: purpose, UserID: f.carol.ID, Email: email, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
	}
	f.must(f.st.CreateMailToken(f.ctx, tok("v1", forum.MailTokenVerify, u.Email)))
	if _, err := f.st.ConfirmEmail(f.ctx, "v1", forum.MailTokenEmailChange, at); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("token used for another purpose: %v", err)
	}
	got, err := f.st.ConfirmEmail(f.ctx, "v1", forum.MailTokenVerify, at)
	f.must(err)
	eq(t, "verified user", got.UserID, f.carol.ID)
	u, err = f.st.UserByLogin(f.ctx, f.carol.Username)
	f.must(err)
	eq(t, "verified at", u.EmailVerified.Equal(at), true)

	f.must(f.st.CreateMailToken(f.ctx, tok("c1", forum.MailTokenEmailChange, f.alice.Email)))
	if _, err := f.st.ConfirmEmail(f.ctx, "c1", forum.MailTokenEmailChange, at); !errors.Is(err, forum.ErrConflict) {
		t.Fatalf("change to a taken address: %v, want ErrConflict", err)
	}
	f.must(f.st.CreateMailToken(f.ctx, tok("c2", forum.MailTokenEmailChange, "Carol.New@Example.org")))
	later := at.Add(time.Minute)
	_, err = f.st.ConfirmEmail(f.ctx, "c2", forum.MailTokenEmailChange, later)
	f.must(err)
	u, err = f.st.UserByLogin(f.ctx, "carol.new@example.org")
	f.must(err)
	eq(t, "changed user", u.ID, f.carol.ID)
	eq(t, "changed verified", u.EmailVerified.Equal(later), true)

	// A verification sent to the old address no longer confirms anything.
	f.must(f.st.CreateMailToken(f.ctx, tok("v2", forum.MailTokenVerify, "old@example.org")))
	if _, err := f.st.ConfirmEmail(f.ctx, "v2", forum.MailTokenVerify, later); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("verification of an old address: %v", err)
	}
}
