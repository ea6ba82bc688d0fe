package forum

import (
	"context"
	"time"
)

// OutboundEmail is one email to send: a row of the email outbox that a
// background job delivers. Key is its idempotency key (one cause, one
// email): queueing a second email with the same key does nothing.
type OutboundEmail struct {
	ID     int64
	Key    string
	Kind   string // the template: reset, verify, email-change, email-changed
	UserID int64
	To     string
	// Data fills the template (the link's token, the recipient's name).
	// It is erased once the email is sent, so a reset link does not
	// outlive its delivery in the database.
	Data      map[string]string
	Status    string // EmailQueued, EmailSent or EmailFailed
	Attempts  int
	LastError string
	CreatedAt time.Time
	SentAt    time.Time
}

// The states of an outbound email.
const (
	EmailQueued = "queued"
	EmailSent   = "sent"
	EmailFailed = "failed" // given up after the last attempt
)

// MailToken is a single-use, time-limited secret sent by email: a
// password reset, an address verification or an address change. Only its
// SHA-256 (Hash) is stored.
type MailToken struct {
	Hash      string
	Purpose   string // MailTokenReset, MailTokenVerify, MailTokenEmailChange
	UserID    int64
	Email     string // the address it was sent to
	CreatedAt time.Time
	ExpiresAt time.Time
}

// The purposes of a MailToken.
const (
	MailTokenReset       = "reset"
	MailTokenVerify      = "verify"
	MailTokenEmailChange = "email-change"
)

// MailStore keeps the email outbox and the tokens emails carry. Every
// email is written in the transaction of what causes it; the store then
// hands it to the job queue in that same transaction (see
// store.SetEmailEnqueuer), so an email exists exactly when its cause
// committed.
type MailStore interface {
	// CreateMailToken stores t, dropping the user's unused tokens of the
	// same purpose, and queues the emails that carry it, in one
	// transaction.
	CreateMailToken(ctx context.Context, t *MailToken, emails ...*OutboundEmail) error
	// ResetPassword uses a reset token: it sets the password, deletes the
	// token, every session and every API token of its user in one
	// transaction, and returns the user's id. ErrNotFound when the token
	// is unknown, used or expired at now.
	ResetPassword(ctx context.Context, hash, passwordHash string, now time.Time) (int64, error)
	// ConfirmEmail uses a verification (MailTokenVerify) or address
	// change (MailTokenEmailChange) token: the account's address becomes
	// the token's, confirmed at now. ErrNotFound when the token is
	// unknown, used or expired, or (verification) the account's address
	// changed since; ErrConflict when another account took the address.
	ConfirmEmail(ctx context.Context, hash, purpose string, now time.Time) (*MailToken, error)
	// QueueEmail queues one email on its own; dup is true when an email
	// with its key was already queued (nothing new is written).
	QueueEmail(ctx context.Context, e *OutboundEmail) (dup bool, err error)
	// Email reads one outbox row; ErrNotFound when there is none.
	Email(ctx context.Context, id int64) (*OutboundEmail, error)
	// MarkEmailSent records a delivery and erases the email's Data.
	MarkEmailSent(ctx context.Context, id int64, at time.Time) error
	// MarkEmailFailed records a failed attempt and its SMTP error; final
	// means no more attempts will be made (the status becomes failed).
	MarkEmailFailed(ctx context.Context, id int64, attempts int, msg string, final bool) error
	// Emails lists the outbox, newest first, of one status ("" for all).
	Emails(ctx context.Context, status string, limit int) ([]OutboundEmail, error)
	// EmailCounts counts the outbox by status.
	EmailCounts(ctx context.Context) (map[string]int, error)
}
