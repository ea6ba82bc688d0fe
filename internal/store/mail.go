package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// EmailEnqueuer puts the delivery job of a queued email in tx, the
// transaction that wrote its outbox row (the job queue's EnqueueTx).
type EmailEnqueuer func(ctx context.Context, tx *sql.Tx, e *forum.OutboundEmail) error

// SetEmailEnqueuer makes every email the store queues also enqueue its
// delivery job in the same transaction. Call it before serving; without
// it emails wait in the outbox (a node that sends no email).
func (s *Store) SetEmailEnqueuer(f EmailEnqueuer) { s.mailEnqueue = f }

// queueEmail writes e in tx unless its key is already queued; then it
// enqueues the delivery job in the same transaction.
func (s *Store) queueEmail(ctx context.Context, tx *sql.Tx, e *forum.OutboundEmail) (bool, error) {
	data, err := json.Marshal(e.Data)
	if err != nil {
		return false, fmt.Errorf("email data: %w", err)
	}
	if e.Data == nil {
		data = []byte("{}")
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now()
	}
	err = s.txQueryRow(ctx, tx, `INSERT INTO email_outbox (cause_key, kind, user_id, to_addr, data, status, created_at)
		VALUES (?, ?, ?, ?, ?, 'queued', ?) ON CONFLICT (cause_key) DO NOTHING RETURNING id`,
		e.Key, e.Kind, e.UserID, e.To, string(data), ms(e.CreatedAt)).Scan(&e.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	e.Status = forum.EmailQueued
	if s.mailEnqueue != nil {
		if err := s.mailEnqueue(ctx, tx, e); err != nil {
			return false, err
		}
	}
	return false, nil
}

// QueueEmail queues one email in a transaction of its own.
func (s *Store) QueueEmail(ctx context.Context, e *forum.OutboundEmail) (bool, error) {
	var dup bool
	err := s.tx(ctx, "queue email "+e.Key, func(tx *sql.Tx) error {
		var err error
		dup, err = s.queueEmail(ctx, tx, e)
		return err
	})
	return dup, err
}

// CreateMailToken stores a token and queues the emails carrying it.
func (s *Store) CreateMailToken(ctx context.Context, t *forum.MailToken, emails ...*forum.OutboundEmail) error {
	return s.tx(ctx, fmt.Sprintf("create %s token of user %d", t.Purpose, t.UserID), func(tx *sql.Tx) error {
		if err := s.exec(ctx, tx, `DELETE FROM mail_tokens WHERE user_id = ? AND purpose = ?`, t.UserID, t.Purpose); err != nil {
			return err
		}
		if err := s.exec(ctx, tx, `INSERT INTO mail_tokens (token_hash, purpose, user_id, email, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.Hash, t.Purpose, t.UserID, t.Email, ms(t.CreatedAt), ms(t.ExpiresAt)); err != nil {
			return err
		}
		for _, e := range emails {
			if _, err := s.queueEmail(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// useMailToken deletes a live token of purpose in tx and returns it.
func (s *Store) useMailToken(ctx context.Context, tx *sql.Tx, hash, purpose string, now time.Time) (*forum.MailToken, error) {
	t := &forum.MailToken{Hash: hash}
	var created, expires int64
	err := s.txQueryRow(ctx, tx, `DELETE FROM mail_tokens WHERE token_hash = ? AND purpose = ? RETURNING purpose, user_id, email, created_at, expires_at`,
		hash, purpose).Scan(&t.Purpose, &t.UserID, &t.Email, &created, &expires)
	if err != nil {
		return nil, err
	}
	t.CreatedAt, t.ExpiresAt = msTime(created), msTime(expires)
	if !now.Before(t.ExpiresAt) {
		// Expired: it stays deleted, and the caller is told it is unknown.
		return nil, forum.ErrNotFound
	}
	return t, nil
}

// ResetPassword uses a reset token and signs its user out everywhere.
func (s *Store) ResetPassword(ctx context.Context, hash, passwordHash string, now time.Time) (int64, error) {
	var userID int64
	err := s.tx(ctx, "reset password", func(tx *sql.Tx) error {
		t, err := s.useMailToken(ctx, tx, hash, forum.MailTokenReset, now)
		if err != nil {
			if errors.Is(err, forum.ErrNotFound) {
				// Commit the deletion of the expired token.
				return nil
			}
			return err
		}
		userID = t.UserID
		if err := s.execOne(ctx, tx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, t.UserID); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM sessions WHERE user_id = ?`, `DELETE FROM api_tokens WHERE user_id = ?`,
			`DELETE FROM mail_tokens WHERE user_id = ? AND purpose = 'reset'`} {
			if err := s.exec(ctx, tx, q, t.UserID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if userID == 0 {
		return 0, fmt.Errorf("reset password: %w", forum.ErrNotFound)
	}
	return userID, nil
}

const emailColumns = `id, cause_key, kind, user_id, to_addr, data, status, attempts, last_error, created_at, sent_at`

func scanEmail(sc interface{ Scan(...any) error }) (*forum.OutboundEmail, error) {
	var e forum.OutboundEmail
	var data string
	var created, sent int64
	if err := sc.Scan(&e.ID, &e.Key, &e.Kind, &e.UserID, &e.To, &data, &e.Status, &e.Attempts, &e.LastError, &created, &sent); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
		return nil, fmt.Errorf("email %d data: %w", e.ID, err)
	}
	e.CreatedAt = msTime(created)
	if sent != 0 {
		e.SentAt = msTime(sent)
	}
	return &e, nil
}

// Email reads one outbox row.
func (s *Store) Email(ctx context.Context, id int64) (*forum.OutboundEmail, error) {
	e, err := scanEmail(s.queryRow(ctx, `SELECT `+emailColumns+` FROM email_outbox WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("load email %d: %w", id, s.classify(err))
	}
	return e, nil
}

// MarkEmailSent records a delivery and erases the template data.
func (s *Store) MarkEmailSent(ctx context.Context, id int64, at time.Time) error {
	return s.tx(ctx, fmt.Sprintf("mark email %d sent", id), func(tx *sql.Tx) error {
		return s.execOne(ctx, tx, `UPDATE email_outbox SET status = 'sent', data = '{}', attempts = attempts + 1, last_error = '', sent_at = ? WHERE id = ?`, ms(at), id)
	})
}

// MarkEmailFailed records a failed attempt.
func (s *Store) MarkEmailFailed(ctx context.Context, id int64, attempts int, msg string, final bool) error {
	status := forum.EmailQueued
	if final {
		status = forum.EmailFailed
	}
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	return s.tx(ctx, fmt.Sprintf("mark email %d failed", id), func(tx *sql.Tx) error {
		return s.execOne(ctx, tx, `UPDATE email_outbox SET status = ?, attempts = ?, last_error = ? WHERE id = ? AND status <> 'sent'`, status, attempts, msg, id)
	})
}

// Emails lists the outbox, newest first.
func (s *Store) Emails(ctx context.Context, status string, limit int) ([]forum.OutboundEmail, error) {
	if limit <= 0 {
		limit = 100
	}
	q := `SELECT ` + emailColumns + ` FROM email_outbox`
	args := []any{}
	if status != "" {
		q += ` WHERE status = ?`
		args = append(args, status)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list emails: %w", s.classify(err))
	}
	defer rows.Close()
	var out []forum.OutboundEmail
	for rows.Next() {
		e, err := scanEmail(rows)
		if err != nil {
			return nil, fmt.Errorf("list emails: %w", s.classify(err))
		}
		out = append(out, *e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list emails: %w", s.classify(err))
	}
	return out, nil
}

// EmailCounts counts the outbox by status.
func (s *Store) EmailCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.query(ctx, `SELECT status, COUNT(*) FROM email_outbox GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("count emails: %w", s.classify(err))
	}
	defer rows.Close()
	out := map[string]int{forum.EmailQueued: 0, forum.EmailSent: 0, forum.EmailFailed: 0}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("count emails: %w", s.classify(err))
		}
		out[st] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count emails: %w", s.classify(err))
	}
	return out, nil
}

// ConfirmEmail uses a verification or address change token.
func (s *Store) ConfirmEmail(ctx context.Context, hash, purpose string, now time.Time) (*forum.MailToken, error) {
	var out *forum.MailToken
	err := s.tx(ctx, "confirm email", func(tx *sql.Tx) error {
		t, err := s.useMailToken(ctx, tx, hash, purpose, now)
		if errors.Is(err, forum.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		switch purpose {
		case forum.MailTokenVerify:
			res, err := s.txExec(ctx, tx, `UPDATE users SET email_verified_at = ? WHERE id = ? AND email = ?`, ms(now), t.UserID, strings.ToLower(t.Email))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // the address changed since the link was sent
			}
		case forum.MailTokenEmailChange:
			if err := s.execOne(ctx, tx, `UPDATE users SET email = ?, email_verified_at = ? WHERE id = ?`, strings.ToLower(t.Email), ms(now), t.UserID); err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown token purpose %q", purpose)
		}
		out = t
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, fmt.Errorf("confirm email: %w", forum.ErrNotFound)
	}
	return out, nil
}
