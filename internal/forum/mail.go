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
