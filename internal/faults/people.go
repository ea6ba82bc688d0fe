package faults

import (
	"context"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// People administration and invitations (forum.PeopleAdmin, forum.InviteStore).

func (s *Store) ListUsers(ctx context.Context, q forum.UserQuery) ([]forum.User, int, error) {
	if err := s.read(); err != nil {
		return nil, 0, err
	}
	return s.Store.ListUsers(ctx, q)
}

func (s *Store) UserData(ctx context.Context, userID int64) (*forum.UserData, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.UserData(ctx, userID)
}

func (s *Store) Invites(ctx context.Context, limit int) ([]forum.Invite, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.Invites(ctx, limit)
}

func (s *Store) InviteByCode(ctx context.Context, codeHash string) (*forum.Invite, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.InviteByCode(ctx, codeHash)
}

func (s *Store) SetRole(ctx context.Context, userID int64, ch forum.RoleChange, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.SetRole(ctx, userID, ch, e))
}

func (s *Store) SetUserState(ctx context.Context, userID int64, ch forum.StateChange, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.SetUserState(ctx, userID, ch, e))
}

func (s *Store) RejectUser(ctx context.Context, userID int64, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.RejectUser(ctx, userID, e))
}

func (s *Store) AnonymizeUser(ctx context.Context, userID int64, placeholder string, withContent bool, at time.Time, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.AnonymizeUser(ctx, userID, placeholder, withContent, at, e))
}

func (s *Store) SetDisplayName(ctx context.Context, userID int64, name string) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.SetDisplayName(ctx, userID, name))
}

func (s *Store) CreateInvite(ctx context.Context, inv *forum.Invite, codeHash string, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.CreateInvite(ctx, inv, codeHash, e))
}

func (s *Store) RevokeInvite(ctx context.Context, id int64, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.RevokeInvite(ctx, id, e))
}

func (s *Store) CreateInvitedUser(ctx context.Context, u *forum.User, codeHash string, now time.Time) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.CreateInvitedUser(ctx, u, codeHash, now))
}
