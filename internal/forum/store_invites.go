package forum

import (
	"context"
	"time"
)

// InviteStore keeps invitations. Codes are stored as their SHA-256 only.
type InviteStore interface {
	CreateInvite(ctx context.Context, inv *Invite, codeHash string, e *AuditEntry) error
	// Invites lists invitations newest first, revoked ones included.
	Invites(ctx context.Context, limit int) ([]Invite, error)
	RevokeInvite(ctx context.Context, id int64, e *AuditEntry) error
	// InviteByCode finds an invitation by its code's hash.
	InviteByCode(ctx context.Context, codeHash string) (*Invite, error)
	// CreateInvitedUser inserts u and uses one use of the invitation whose
	// code hashes to codeHash, in one transaction: ErrInviteInvalid when
	// it is unknown, revoked, expired, used up or bound to another email
	// address; ErrConflict for a taken username or email.
	CreateInvitedUser(ctx context.Context, u *User, codeHash string, now time.Time) error
}

// Invite is an invitation to create an account.
type Invite struct {
	ID        int64
	Email     string // when set, only this address may use it
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
	MaxUses   int
	Uses      int
	Revoked   bool
	Note      string
}

// Usable reports whether the invitation can still be used at now.
func (i Invite) Usable(now time.Time) bool {
	return !i.Revoked && i.Uses < i.MaxUses && now.Before(i.ExpiresAt)
}
