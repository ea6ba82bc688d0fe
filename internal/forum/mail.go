package forum

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/parley-forum/parley/internal/auth"
)

// ResetTTL is how long a password reset link works.
const ResetTTL = time.Hour

// VerifyTTL is how long an address verification or change link works.
const VerifyTTL = 48 * time.Hour

// The modes of the email_verification setting.
const (
	VerifyAuto     = "auto" // required with an SMTP server, off without
	VerifyRequired = "required"
	VerifyOptional = "optional"
	VerifyOff      = "off"
)

// VerificationMode is the email verification in force: required,
// optional or off (auto resolved by whether this forum sends email).
func (s *Service) VerificationMode() string {
	m := s.Site().Values["email_verification"]
	if !s.MailEnabled() {
		return VerifyOff
	}
	if m == "" || m == VerifyAuto {
		return VerifyRequired
	}
	return m
}

// MustVerify reports whether u may not post yet: verification is
// required and their address is unconfirmed. Staff are never held back.
func (s *Service) MustVerify(u *User) bool {
	return u != nil && u.EmailVerified.IsZero() && u.Email != "" && !u.Role.IsStaff() && s.VerificationMode() == VerifyRequired
}

// errUnverified is what posting answers to an unconfirmed account.
func errUnverified() error {
	return Forbidden("confirm your email address first: open the link we emailed you, or send a new one from your account page")
}

// sendVerification emails u a link confirming their address.
func (s *Service) sendVerification(ctx context.Context, u *User) error {
	if s.VerificationMode() == VerifyOff || u.Email == "" {
		return nil
	}
	plain, hash, err := auth.NewSecret("ver")
	if err != nil {
		return err
	}
	now := s.now()
	t := &MailToken{Hash: hash, Purpose: MailTokenVerify, UserID: u.ID, Email: u.Email, CreatedAt: now, ExpiresAt: now.Add(VerifyTTL)}
	e := &OutboundEmail{Key: "verify-" + hash[:32], Kind: "verify", UserID: u.ID, To: u.Email, CreatedAt: now,
		Data: map[string]string{"token": plain, "name": u.DisplayName, "username": u.Username}}
	return s.store.CreateMailToken(ctx, t, e)
}

// ResendVerification sends u a new verification link (the old one stops
// working); rate-limited like reset requests.
func (s *Service) ResendVerification(ctx context.Context, u *User, cl Client) error {
	if u == nil {
		return ErrUnauthorized
	}
	if !u.EmailVerified.IsZero() {
		return Invalid("email", "is already confirmed")
	}
	if s.VerificationMode() == VerifyOff {
		return ErrNoMail
	}
	if err := s.charge(ctx, s.rules().ForgotPerIP, cl.key()); err != nil {
		return err
	}
	if err := s.charge(ctx, s.rules().ForgotPerAddress, "verify:"+strings.ToLower(u.Email)); err != nil {
		return err
	}
	return s.sendVerification(ctx, u)
}

// ConfirmEmail uses the token of a verification or address change link.
func (s *Service) ConfirmEmail(ctx context.Context, token string, change bool) error {
	purpose := MailTokenVerify
	if change {
		purpose = MailTokenEmailChange
	}
	if token == "" || len(token) > 100 {
		return Invalid("token", "is not a valid link")
	}
	t, err := s.store.ConfirmEmail(ctx, auth.HashSecret(token), purpose, s.now())
	switch {
	case errors.Is(err, ErrNotFound):
		return Invalid("token", "has expired or was already used")
	case errors.Is(err, ErrConflict):
		return Invalid("token", "names an address another account has taken meanwhile")
	case err != nil:
		return err
	}
	s.accountChanged(t.UserID)
	return nil
}

// ChangeEmail asks to move u's account to a new address: a link to
// confirm it goes to the new address and a notice to the old one; the
// account keeps its old address until the link is used.
func (s *Service) ChangeEmail(ctx context.Context, u *User, cl Client, password, address string) error {
	if u == nil {
		return ErrUnauthorized
	}
	v := &ValidationError{}
	address = strings.ToLower(strings.TrimSpace(address))
	if err := auth.ValidateEmail(address); err != nil {
		v.add("email", fieldMessage(err))
	} else if address == strings.ToLower(u.Email) {
		v.add("email", "is already your address")
	}
	if password == "" {
		v.add("current_password", "is required")
	}
	if err := v.err(); err != nil {
		return err
	}
	if !s.MailEnabled() {
		return ErrNoMail
	}
	if err := s.checkSignUpPolicy(address); err != nil {
		return err
	}
	if err := s.charge(ctx, s.rules().SignInAccountAll, u.Username); err != nil {
		return err
	}
	if err := s.charge(ctx, s.rules().ForgotPerAddress, "change:"+u.Username); err != nil {
		return err
	}
	ok, _, err := s.hasher.Verify(ctx, u.PasswordHash, password)
	if err != nil {
		return fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return Invalid("current_password", "is not your current password")
	}
	// Whether another account has the address is not said here (that
	// would tell who has an account): the link fails when used.
	plain, hash, err := auth.NewSecret("eml")
	if err != nil {
		return err
	}
	now := s.now()
	t := &MailToken{Hash: hash, Purpose: MailTokenEmailChange, UserID: u.ID, Email: address, CreatedAt: now, ExpiresAt: now.Add(VerifyTTL)}
	data := map[string]string{"name": u.DisplayName, "username": u.Username}
	confirm := &OutboundEmail{Key: "email-change-" + hash[:32], Kind: "email-change", UserID: u.ID, To: address, CreatedAt: now,
		Data: map[string]string{"token": plain, "name": u.DisplayName, "username": u.Username}}
	emails := []*OutboundEmail{confirm}
	if u.Email != "" {
		emails = append(emails, &OutboundEmail{Key: "email-changed-" + hash[:32], Kind: "email-changed", UserID: u.ID, To: u.Email, CreatedAt: now,
			Data: map[string]string{"name": data["name"], "username": data["username"], "new": address}})
	}
	return s.store.CreateMailToken(ctx, t, emails...)
}

// JobEmail is the background job kind that delivers one outbox email.
const JobEmail = "email"

// mailState says whether this deployment sends email (an SMTP server is
// configured); without one the forms that would send email say so.
type mailState struct{ on atomic.Bool }

// SetMailEnabled says whether email is delivered. Call it during wiring.
func (s *Service) SetMailEnabled(on bool) { s.mail.on.Store(on) }

// MailEnabled reports whether this forum sends email.
func (s *Service) MailEnabled() bool { return s.mail.on.Load() }

// ErrNoMail is returned by what needs email on a forum that sends none.
var ErrNoMail = errors.New("this forum sends no email: ask an administrator")

// RequestPasswordReset emails a single-use reset link to the account
// with that email address or user name, if there is one. It answers the
// same (nil) whether or not there is, so the form cannot tell who has
// an account; only rate limits (per client network and per address) and
// a malformed address answer otherwise.
func (s *Service) RequestPasswordReset(ctx context.Context, cl Client, login string) error {
	login = strings.TrimSpace(login)
	if login == "" {
		return Invalid("email", "is required")
	}
	if len(login) > 254 {
		return Invalid("email", "is too long")
	}
	if !s.MailEnabled() {
		return ErrNoMail
	}
	if err := s.charge(ctx, s.rules().ForgotPerIP, cl.key()); err != nil {
		return err
	}
	if err := s.charge(ctx, s.rules().ForgotPerAddress, strings.ToLower(login)); err != nil {
		return err
	}
	u, err := s.store.UserByLogin(ctx, login)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if u.Email == "" || u.State == StateDeleted {
		return nil
	}
	plain, hash, err := auth.NewSecret("pwr")
	if err != nil {
		return err
	}
	now := s.now()
	t := &MailToken{Hash: hash, Purpose: MailTokenReset, UserID: u.ID, Email: u.Email, CreatedAt: now, ExpiresAt: now.Add(ResetTTL)}
	e := &OutboundEmail{
		// One email per token: the token's hash names the cause.
		Key:  "reset-" + hash[:32],
		Kind: "reset", UserID: u.ID, To: u.Email, CreatedAt: now,
		Data: map[string]string{"token": plain, "name": u.DisplayName, "username": u.Username},
	}
	if err := s.store.CreateMailToken(ctx, t, e); err != nil {
		return fmt.Errorf("password reset: %w", err)
	}
	return nil
}

// ResetPassword uses a reset link's token: it sets the new password and
// signs the account out everywhere (sessions and API tokens). An unknown,
// used or expired token is a field error on "token".
func (s *Service) ResetPassword(ctx context.Context, token, password string) (int64, error) {
	v := &ValidationError{}
	if err := auth.ValidatePassword(password); err != nil {
		v.add("new_password", fieldMessage(err))
	}
	if token == "" || len(token) > 100 {
		v.add("token", "is not a valid reset link: ask for a new one")
	}
	if err := v.err(); err != nil {
		return 0, err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return 0, fmt.Errorf("hash password: %w", err)
	}
	id, err := s.store.ResetPassword(ctx, auth.HashSecret(token), hash, s.now())
	if errors.Is(err, ErrNotFound) {
		return 0, Invalid("token", "has expired or was already used: ask for a new link")
	}
	if err != nil {
		return 0, err
	}
	s.accountChanged(id)
	return id, nil
}

// Emails lists the outbox for the email admin page.
func (s *Service) Emails(ctx context.Context, actor *User, status string, limit int) ([]OutboundEmail, map[string]int, error) {
	if !Can(actor, ActAdminEmail, 0, 0, false) {
		return nil, nil, Forbidden("only administrators can see the email outbox")
	}
	switch status {
	case "", EmailQueued, EmailSent, EmailFailed:
	default:
		return nil, nil, Invalid("status", "must be queued, sent or failed")
	}
	list, err := s.store.Emails(ctx, status, limit)
	if err != nil {
		return nil, nil, err
	}
	counts, err := s.store.EmailCounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	return list, counts, nil
}
