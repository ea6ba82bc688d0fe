package faults

import (
	"context"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// Soft delete: who deleted, withdrawing, restoring, listing and purging.

func (s *Store) DeletePostBy(ctx context.Context, row forum.DeleteRow) (forum.DeleteOutcome, error) {
	if err := s.write(); err != nil {
		return "", err
	}
	out, err := s.Store.DeletePostBy(ctx, row)
	return out, s.wrote(err)
}

func (s *Store) RestorePost(ctx context.Context, postID int64, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.RestorePost(ctx, postID, e))
}

func (s *Store) PurgePost(ctx context.Context, postID int64, at time.Time, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.PurgePost(ctx, postID, at, e))
}

func (s *Store) DeletedPosts(ctx context.Context, before time.Time, limit int) ([]forum.DeletedPost, error) {
	if err := s.read(); err != nil {
		return nil, err
	}
	return s.Store.DeletedPosts(ctx, before, limit)
}
