package faults

import (
	"context"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// The email outbox and mail tokens (forum.MailStore).

func (s *Store) CreateMailToken(ctx context.Context, t *forum.MailToken, emails ...*forum.OutboundEmail) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.CreateMailToken(ctx, t, emails...))
}

func (s *Store) ResetPassword(ctx context.Context, hash, passwordHash string, now time.Time) (int64, error) {
	if err := s.write(); err != nil {
		return 0, err
	}
	id, err := s.Store.ResetPassword(ctx, hash, passwordHash, now)
	return id, s.wrote(err)
}

func (s *Store) QueueEmail(ctx context.Context, e *forum.OutboundEmail) (bool, error) {
	if err := s.write(); err != nil {
		return false, err
	}
	dup, err := s.Store.QueueEmail(ctx, e)
	return dup, s.wrote(err)
}

func (s *Store) Email(ctx context.Context, id int64) (*forum.OutboundEmail, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Email(ctx, id)
}

func (s *Store) MarkEmailSent(ctx context.Context, id int64, at time.Time) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.MarkEmailSent(ctx, id, at))
}

func (s *Store) MarkEmailFailed(ctx context.Context, id int64, attempts int, msg string, final bool) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.MarkEmailFailed(ctx, id, attempts, msg, final))
}

func (s *Store) Emails(ctx context.Context, status string, limit int) ([]forum.OutboundEmail, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Emails(ctx, status, limit)
}

func (s *Store) EmailCounts(ctx context.Context) (map[string]int, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.EmailCounts(ctx)
}

func (s *Store) ConfirmEmail(ctx context.Context, hash, purpose string, now time.Time) (*forum.MailToken, error) {
	if err := s.write(); err != nil {
		return nil, err
	}
	t, err := s.Store.ConfirmEmail(ctx, hash, purpose, now)
	return t, s.wrote(err)
}
