package forum_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/auth"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/ratelimit"
)

// TestRefusedSignUpsDoNoHashing checks that sign-ups refused by the
// signup-ip limit, or for a taken username, never reach the hasher, and
// that accepted ones hash on the sign-up lane, not the sign-in one.
func TestRefusedSignUpsDoNoHashing(t *testing.T) {
	h := auth.NewHasher(auth.TestParams, 2)
	rates := forum.DefaultRateRules()
	rates.SignUpPerIP.Limit = 2
	f := newFixtureWith(t, forum.Config{Limiter: ratelimit.NewMemory(nil), Rates: rates, Hasher: h})
	ctx := context.Background()
	up, in := h.SignUp(), h.Computed()
	start := up.Computed()
	cl := forum.Client{IP: "198.51.100.4"}
	err := f.svc.SignUp(ctx, cl, forum.SignUpInput{Username: "alice", Email: "new@example.com", Password: "a long enough password"})
	var ve *forum.ValidationError
	if !errors.As(err, &ve) || ve.Fields["username"] == "" {
		t.Fatalf("taken username: %v, want a validation error on username", err)
	}
	if err := f.svc.SignUp(ctx, cl, forum.SignUpInput{Username: "carol", Email: "carol@example.com", Password: "a long enough password"}); err != nil {
		t.Fatal(err)
	}
	for range 64 {
		err := f.svc.SignUp(ctx, cl, forum.SignUpInput{Username: "mallory", Email: "alice@example.com", Password: "a long enough password"})
		wantLimited(t, "sign-up", err)
	}
	if got := up.Computed() - start; got != 1 {
		t.Errorf("sign-up lane computed %d hashes, want 1 (the accepted sign-up only)", got)
	}
	if h.Computed() != in {
		t.Errorf("sign-ups hashed on the sign-in lane")
	}
	if _, err := f.st.UserByUsername(ctx, "carol"); err != nil {
		t.Errorf("accepted sign-up created no account: %v", err)
	}
}

// TestSignUpDoesNotRevealEmails checks that a sign-up with a registered
// address answers exactly like one with a free address, creates nothing,
// and spends the same hashing.
func TestSignUpDoesNotRevealEmails(t *testing.T) {
	h := auth.NewHasher(auth.TestParams, 2)
	f := newFixtureWith(t, forum.Config{Hasher: h})
	ctx := context.Background()
	up := h.SignUp()
	n := up.Computed()
	free := f.svc.SignUp(ctx, forum.Client{}, forum.SignUpInput{Username: "dave", Email: "dave@example.com", Password: "a long enough password"})
	freeCost := up.Computed() - n
	n = up.Computed()
	taken := f.svc.SignUp(ctx, forum.Client{}, forum.SignUpInput{Username: "erin", Email: "Alice@Example.com", Password: "a long enough password"})
	takenCost := up.Computed() - n
	if free != nil || taken != nil {
		t.Fatalf("free address: %v; taken address: %v; want nil for both", free, taken)
	}
	if freeCost != 1 || takenCost != 1 {
		t.Errorf("hashes spent: free %d, taken %d; want 1 each", freeCost, takenCost)
	}
	if _, err := f.st.UserByUsername(ctx, "erin"); !errors.Is(err, forum.ErrNotFound) {
		t.Errorf("sign-up with a taken address created an account: %v", err)
	}
	// The owner's account is untouched and still signs in.
	if _, _, err := f.svc.SignIn(ctx, forum.Client{}, forum.SignInInput{Login: "alice", Password: "a long enough password"}); err != nil {
		t.Errorf("owner sign-in after the attempt: %v", err)
	}
}

// TestSignInLockoutIsPerClient checks that wrong passwords from one
// network exhaust that network's attempts on the account only: the owner
// signing in from elsewhere gets in, and the account-wide ceiling still
// stops guessing spread over many networks.
func TestSignInLockoutIsPerClient(t *testing.T) {
	rates := forum.DefaultRateRules()
	rates.SignInAccountAll.Limit = 20
	f := newFixtureWith(t, forum.Config{Limiter: ratelimit.NewMemory(nil), Rates: rates})
	ctx := context.Background()
	attacker := forum.Client{IP: "203.0.113.9"}
	for i := range rates.SignInPerAccount.Limit {
		_, _, err := f.svc.SignIn(ctx, attacker, forum.SignInInput{Login: "alice", Password: "guess number " + string(rune('a'+i))})
		if !errors.Is(err, forum.ErrBadCredentials) {
			t.Fatalf("guess %d: %v, want bad credentials", i+1, err)
		}
	}
	_, _, err := f.svc.SignIn(ctx, attacker, forum.SignInInput{Login: "alice", Password: "a long enough password"})
	wantLimited(t, "the attacker's next attempt", err)
	// Another address in the attacker's IPv6 /64 is the same client.
	v6 := forum.Client{IP: "2001:db8:aa:bb::1"}
	for range rates.SignInPerAccount.Limit {
		_, _, _ = f.svc.SignIn(ctx, v6, forum.SignInInput{Login: "alice", Password: "wrong"})
	}
	_, _, err = f.svc.SignIn(ctx, forum.Client{IP: "2001:db8:aa:bb::2"}, forum.SignInInput{Login: "alice", Password: "wrong"})
	wantLimited(t, "a neighbour in the same /64", err)

	owner := forum.Client{IP: "198.51.100.20"}
	if _, _, err := f.svc.SignIn(ctx, owner, forum.SignInInput{Login: "alice", Password: "a long enough password"}); err != nil {
		t.Fatalf("owner from another network: %v, want signed in", err)
	}
	// 6 + 6 + 1 attempts reached the account-wide rule so far (refused ones
	// stop at the per-client rule); guesses from fresh networks reach its
	// ceiling of 20.
	for i := range 7 {
		_, _, _ = f.svc.SignIn(ctx, forum.Client{IP: "192.0.2." + string(rune('1'+i))}, forum.SignInInput{Login: "alice", Password: "wrong"})
	}
	_, _, err = f.svc.SignIn(ctx, forum.Client{IP: "192.0.2.200"}, forum.SignInInput{Login: "alice", Password: "a long enough password"})
	wantLimited(t, "sign-in past the account-wide ceiling", err)
}

// TestPasswordChangeRevokesTokens checks that changing the password
// revokes every API token unless the user chose to keep them.
func TestPasswordChangeRevokesTokens(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	_, secret, err := f.svc.CreateToken(ctx, f.alice, "laptop")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.ChangePassword(ctx, f.alice, "", forum.PasswordInput{Current: "a long enough password", Next: "another long password", KeepTokens: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.TokenUser(ctx, secret); err != nil {
		t.Fatalf("token after a change that keeps tokens: %v", err)
	}
	alice, _ := f.st.UserByID(ctx, f.alice.ID)
	if err := f.svc.ChangePassword(ctx, alice, "", forum.PasswordInput{Current: "another long password", Next: "a third long password"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.TokenUser(ctx, secret); !errors.Is(err, forum.ErrNotFound) {
		t.Fatalf("token after a default password change: %v, want revoked", err)
	}
}

// TestTokenRequestNeedsRecentSignIn checks that a request for a token
// needs a session that signed in within ReauthWindow or the password.
func TestTokenRequestNeedsRecentSignIn(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	se := &forum.Session{CreatedAt: f.clock.Now()}
	if _, _, _, err := f.svc.RequestToken(ctx, f.alice, forum.TokenInput{Name: "fresh", Session: se}); err != nil {
		t.Fatalf("fresh session: %v", err)
	}
	f.clock.Add(forum.ReauthWindow + time.Second)
	if _, _, _, err := f.svc.RequestToken(ctx, f.alice, forum.TokenInput{Name: "stale", Session: se}); !errors.Is(err, forum.ErrForbidden) {
		t.Errorf("stale session without password: %v, want forbidden", err)
	}
	if _, _, _, err := f.svc.RequestToken(ctx, f.alice, forum.TokenInput{Name: "bearer"}); !errors.Is(err, forum.ErrForbidden) {
		t.Errorf("no session, no password: %v, want forbidden", err)
	}
	var ve *forum.ValidationError
	if _, _, _, err := f.svc.RequestToken(ctx, f.alice, forum.TokenInput{Name: "bearer", CurrentPassword: "wrong"}); !errors.As(err, &ve) {
		t.Errorf("wrong password: %v, want a validation error", err)
	}
	if _, _, _, err := f.svc.RequestToken(ctx, f.alice, forum.TokenInput{Name: "stale", Session: se, CurrentPassword: "a long enough password"}); err != nil {
		t.Errorf("stale session with the password: %v", err)
	}
	limited := newFixtureWith(t, forum.Config{Limiter: ratelimit.NewMemory(nil), Rates: oneOf()})
	if _, _, _, err := limited.svc.RequestToken(ctx, limited.alice, forum.TokenInput{Name: "one", CurrentPassword: "a long enough password"}); err != nil {
		t.Fatal(err)
	}
	_, _, _, err := limited.svc.RequestToken(ctx, limited.alice, forum.TokenInput{Name: "two", CurrentPassword: "a long enough password"})
	wantLimited(t, "token creation", err)
}

// TestPasswordChangeGuessesAreLimited checks that wrong current passwords
// on the change-password form count toward the account-wide ceiling.
func TestPasswordChangeGuessesAreLimited(t *testing.T) {
	rates := forum.DefaultRateRules()
	rates.SignInAccountAll.Limit = 3
	f := newFixtureWith(t, forum.Config{Limiter: ratelimit.NewMemory(nil), Rates: rates})
	ctx := context.Background()
	var ve *forum.ValidationError
	for range 3 {
		if err := f.svc.ChangePassword(ctx, f.alice, "", forum.PasswordInput{Current: "guess", Next: "another long password"}); !errors.As(err, &ve) {
			t.Fatalf("wrong current password: %v, want a validation error", err)
		}
	}
	err := f.svc.ChangePassword(ctx, f.alice, "", forum.PasswordInput{Current: "a long enough password", Next: "another long password"})
	wantLimited(t, "password change past the ceiling", err)
}
