package faults

import (
	"context"

	"github.com/parley-forum/parley/internal/forum"
)

// The writes of taxonomy administration and staff thread controls fail
// on cue like every other write.

func (s *Store) AddTopic(ctx context.Context, t *forum.Topic, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.AddTopic(ctx, t, e))
}

func (s *Store) UpdateTopic(ctx context.Context, t *forum.Topic, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.UpdateTopic(ctx, t, e))
}

func (s *Store) AddSubtopic(ctx context.Context, sub *forum.Subtopic, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.AddSubtopic(ctx, sub, e))
}

func (s *Store) UpdateSubtopic(ctx context.Context, sub *forum.Subtopic, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.UpdateSubtopic(ctx, sub, e))
}

func (s *Store) DeleteSubtopic(ctx context.Context, id, moveTo int64, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.DeleteSubtopic(ctx, id, moveTo, e))
}

func (s *Store) AddTag(ctx context.Context, t *forum.Tag, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.AddTag(ctx, t, e))
}

func (s *Store) UpdateTag(ctx context.Context, t *forum.Tag, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.UpdateTag(ctx, t, e))
}

func (s *Store) MergeTags(ctx context.Context, from, into int64, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.MergeTags(ctx, from, into, e))
}

func (s *Store) DeleteTag(ctx context.Context, id int64, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.DeleteTag(ctx, id, e))
}

func (s *Store) SetPin(ctx context.Context, threadID int64, pin forum.PinScope, n *forum.ThreadNotice, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.SetPin(ctx, threadID, pin, n, e))
}

func (s *Store) SetLocked(ctx context.Context, threadID int64, locked bool, n *forum.ThreadNotice, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.SetLocked(ctx, threadID, locked, n, e))
}

func (s *Store) SetUnlisted(ctx context.Context, threadID int64, unlisted bool, n *forum.ThreadNotice, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.SetUnlisted(ctx, threadID, unlisted, n, e))
}

func (s *Store) MoveThread(ctx context.Context, threadID, to int64, n *forum.ThreadNotice, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.MoveThread(ctx, threadID, to, n, e))
}

func (s *Store) SetThreadTags(ctx context.Context, threadID int64, tagIDs []int64, n *forum.ThreadNotice, e *forum.AuditEntry) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.wrote(s.Store.SetThreadTags(ctx, threadID, tagIDs, n, e))
}
