package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

const inviteColumns = `id, email, created_by, created_at, expires_at, max_uses, uses, revoked, note`

func scanInvite(r scanner) (*forum.Invite, error) {
	var inv forum.Invite
	var created, expires int64
	var revoked int
	if err := r.Scan(&inv.ID, &inv.Email, &inv.CreatedBy, &created, &expires, &inv.MaxUses, &inv.Uses, &revoked, &inv.Note); err != nil {
		return nil, err
	}
	inv.CreatedAt, inv.ExpiresAt, inv.Revoked = msTime(created), msTime(expires), revoked == 1
	return &inv, nil
}

// CreateInvite stores an invitation by its code's hash and sets its ID;
// the audit entry names it.
func (s *Store) CreateInvite(ctx context.Context, inv *forum.Invite, codeHash string, e *forum.AuditEntry) error {
	return s.tx(ctx, "create invite", func(tx *sql.Tx) error {
		if err := s.txQueryRow(ctx, tx, `INSERT INTO invites (code_hash, email, created_by, created_at, expires_at, max_uses, note)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, codeHash, strings.ToLower(inv.Email), inv.CreatedBy, ms(inv.CreatedAt),
			ms(inv.ExpiresAt), inv.MaxUses, inv.Note).Scan(&inv.ID); err != nil {
			return err
		}
		if e != nil {
			e.TargetID = inv.ID
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// Invites lists invitations newest first.
func (s *Store) Invites(ctx context.Context, limit int) ([]forum.Invite, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.query(ctx, `SELECT `+inviteColumns+` FROM invites ORDER BY id DESC LIMIT `+fmt.Sprint(limit))
	if err != nil {
		return nil, fmt.Errorf("list invites: %w", s.classify(err))
	}
	defer rows.Close()
	var out []forum.Invite
	for rows.Next() {
		inv, err := scanInvite(rows)
		if err != nil {
			return nil, fmt.Errorf("scan invite: %w", err)
		}
		out = append(out, *inv)
	}
	return out, s.classify(rows.Err())
}

// InviteByCode finds an invitation by its code's hash.
func (s *Store) InviteByCode(ctx context.Context, codeHash string) (*forum.Invite, error) {
	inv, err := scanInvite(s.queryRow(ctx, `SELECT `+inviteColumns+` FROM invites WHERE code_hash = ?`, codeHash))
	if err != nil {
		return nil, fmt.Errorf("load invite: %w", s.classify(err))
	}
	return inv, nil
}

// RevokeInvite marks an invitation revoked; ErrNotFound when there is no
// such live invitation.
func (s *Store) RevokeInvite(ctx context.Context, id int64, e *forum.AuditEntry) error {
	return s.tx(ctx, fmt.Sprintf("revoke invite %d", id), func(tx *sql.Tx) error {
		if err := s.execOne(ctx, tx, `UPDATE invites SET revoked = 1 WHERE id = ? AND revoked = 0`, id); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// CreateInvitedUser uses one use of an invitation and creates the account
// in one transaction. The use is a conditional UPDATE, so two sign-ups
// racing for an invitation's last use cannot both have it.
func (s *Store) CreateInvitedUser(ctx context.Context, u *forum.User, codeHash string, now time.Time) error {
	var email any
	if u.Email != "" {
		email = strings.ToLower(u.Email)
	}
	return s.tx(ctx, "create invited user "+u.Username, func(tx *sql.Tx) error {
		err := s.execOne(ctx, tx, `UPDATE invites SET uses = uses + 1
			WHERE code_hash = ? AND revoked = 0 AND uses < max_uses AND expires_at > ? AND (email = '' OR email = ?)`,
			codeHash, ms(now), strings.ToLower(u.Email))
		if errors.Is(err, forum.ErrNotFound) || errors.Is(err, sql.ErrNoRows) {
			return forum.ErrInviteInvalid
		}
		if err != nil {
			return err
		}
		return s.insertUser(ctx, tx, u, email)
	})
}
