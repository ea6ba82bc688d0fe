package forum_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

type sentInvite struct {
	email, code string
}

type inviteRecorder struct{ sent []sentInvite }

func (r *inviteRecorder) SendInvite(_ context.Context, inv *forum.Invite, code string) error {
	r.sent = append(r.sent, sentInvite{inv.Email, code})
	return nil
}

// TestSuspensionEndsByItself: a suspension until a date refuses sign-in
// with the reason, then lets the member in once the date has passed; the
// events say which changes pages show.
func TestSuspensionEndsByItself(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	admin, err := f.svc.CreateUser(ctx, forum.SignUpInput{Username: "ada", Email: "ada@example.com", Password: "a long enough password"}, forum.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	var events []forum.Event
	f.svc.Subscribe(func(e forum.Event) { events = append(events, e) })
	in := forum.SignInInput{Login: "alice", Password: "a long enough password"}
	_, cookie, err := f.svc.SignIn(ctx, forum.Client{}, in)
	if err != nil {
		t.Fatal(err)
	}
	until := f.clock.Now().Add(24 * time.Hour)
	if _, err := f.svc.Suspend(ctx, admin, "192.0.2.1", "alice", forum.SuspendInput{Until: until, Reason: "Cooling off"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.SessionUser(ctx, cookie); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("session after suspension: %v", err)
	}
	_, _, err = f.svc.SignIn(ctx, forum.Client{}, in)
	if r := forum.ForbiddenReason(err); r != "your account is suspended until 28 November 2026 12:00 UTC. Reason: Cooling off" {
		t.Fatalf("sign-in while suspended: %v", err)
	}
	f.clock.Add(25 * time.Hour)
	if _, _, err := f.svc.SignIn(ctx, forum.Client{}, in); err != nil {
		t.Fatalf("sign-in after the suspension ended: %v", err)
	}
	if _, err := f.svc.SetRole(ctx, admin, "", "bob", forum.RoleInput{Role: "staff"}); err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].Kind != forum.EventAccountChanged || events[0].UserID != f.alice.ID || events[0].Pages ||
		events[1].UserID != f.bob.ID || !events[1].Pages {
		t.Fatalf("events: %+v", events)
	}
	log, err := f.st.AuditLog(ctx, forum.AuditFilter{TargetKind: "user", TargetID: f.alice.ID})
	if err != nil || len(log) != 1 || log[0].Action != "user.suspend" || log[0].IP != "192.0.2.1" || log[0].Reason != "Cooling off" {
		t.Fatalf("audit: %+v %v", log, err)
	}
}

// TestInvitationsAndApproval: in approval mode a sign-up waits, a sign-up
// with an invitation does not; an invitation to an address goes through
// the InviteSender seam and only that address may use it.
func TestInvitationsAndApproval(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	staff, err := f.svc.CreateUser(ctx, forum.SignUpInput{Username: "sam", Email: "sam@example.com", Password: "a long enough password"}, forum.RoleStaff, "")
	if err != nil {
		t.Fatal(err)
	}
	rec := &inviteRecorder{}
	f.svc.SetInviteSender(rec)
	f.svc.SetPolicy(forum.Policy{Registration: forum.RegistrationApproval})
	pw := "a long enough password"
	if err := f.svc.SignUp(ctx, forum.Client{}, forum.SignUpInput{Username: "wendy", Email: "wendy@example.com", Password: pw}); err != nil {
		t.Fatal(err)
	}
	if u, _ := f.st.UserByUsername(ctx, "wendy"); u == nil || u.State != forum.StatePending {
		t.Fatalf("wendy: %+v", u)
	}
	if _, _, err := f.svc.CreateInvite(ctx, f.alice, "", forum.InviteInput{Days: 1, Uses: 1}); !errors.Is(err, forum.ErrForbidden) {
		t.Fatalf("a member inviting: %v", err)
	}
	_, code, err := f.svc.CreateInvite(ctx, staff, "", forum.InviteInput{Email: "Ivy@Example.com", Days: 3, Uses: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.sent) != 1 || rec.sent[0].email != "ivy@example.com" || rec.sent[0].code != code {
		t.Fatalf("sent: %+v", rec.sent)
	}
	var ve *forum.ValidationError
	err = f.svc.SignUp(ctx, forum.Client{}, forum.SignUpInput{Username: "ian", Email: "ian@example.com", Password: pw, InviteCode: code})
	if !errors.As(err, &ve) || ve.Fields["invite"] == "" {
		t.Fatalf("another address with the invitation: %v", err)
	}
	if err := f.svc.SignUp(ctx, forum.Client{}, forum.SignUpInput{Username: "ivy", Email: "ivy@example.com", Password: pw, InviteCode: code}); err != nil {
		t.Fatal(err)
	}
	if u, _ := f.st.UserByUsername(ctx, "ivy"); u == nil || u.State != forum.StateActive {
		t.Fatalf("an invited account skips approval: %+v", u)
	}
	if _, err := f.svc.Approve(ctx, staff, "", "wendy"); err != nil {
		t.Fatal(err)
	}
	var stale *forum.StaleError
	if _, err := f.svc.Approve(ctx, staff, "", "wendy"); !errors.As(err, &stale) || stale.Current != "active" {
		t.Fatalf("approving twice: %v", err)
	}
}
