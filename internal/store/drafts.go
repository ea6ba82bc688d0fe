package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/parley-forum/parley/internal/forum"
)

// SaveDraft writes a draft unless the stored one was typed later, then
// drops the user's least recently typed drafts beyond maxPerUser, in one
// transaction.
func (s *Store) SaveDraft(ctx context.Context, d *forum.Draft, maxPerUser int) (*forum.Draft, bool, error) {
	var kept *forum.Draft
	saved := false
	err := s.tx(ctx, "save draft", func(tx *sql.Tx) error {
		res, err := s.txExec(ctx, tx, `INSERT INTO drafts (user_id, draft_key, title, body, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (user_id, draft_key) DO UPDATE SET title = excluded.title, body = excluded.body, updated_at = excluded.updated_at
			WHERE drafts.updated_at <= excluded.updated_at`,
			d.UserID, d.Key, d.Title, d.Body, ms(d.UpdatedAt))
		if err != nil {
			return fmt.Errorf("upsert: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			kept, err = scanDraft(s.txQueryRow(ctx, tx, `SELECT user_id, draft_key, title, body, updated_at FROM drafts
				WHERE user_id = ? AND draft_key = ?`, d.UserID, d.Key))
			return err
		}
		saved = true
		c := *d
		kept = &c
		if maxPerUser > 0 {
			return s.exec(ctx, tx, `DELETE FROM drafts WHERE user_id = ? AND draft_key NOT IN
				(SELECT draft_key FROM drafts WHERE user_id = ? ORDER BY updated_at DESC, draft_key LIMIT ?)`,
				d.UserID, d.UserID, maxPerUser)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return kept, saved, nil
}

// Draft loads one draft of a user.
func (s *Store) Draft(ctx context.Context, userID int64, key string) (*forum.Draft, error) {
	d, err := scanDraft(s.queryRow(ctx, `SELECT user_id, draft_key, title, body, updated_at FROM drafts
		WHERE user_id = ? AND draft_key = ?`, userID, key))
	if err != nil {
		return nil, fmt.Errorf("load draft: %w", s.classify(err))
	}
	return d, nil
}

// Drafts lists a user's drafts, most recently typed first.
func (s *Store) Drafts(ctx context.Context, userID int64) ([]forum.Draft, error) {
	rows, err := s.query(ctx, `SELECT user_id, draft_key, title, body, updated_at FROM drafts
		WHERE user_id = ? ORDER BY updated_at DESC, draft_key`, userID)
	if err != nil {
		return nil, fmt.Errorf("list drafts: %w", s.classify(err))
	}
	defer rows.Close()
	var out []forum.Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("scan draft: %w", err)
		}
		out = append(out, *d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list drafts: %w", s.classify(err))
	}
	return out, nil
}

// DeleteDraft removes one draft.
func (s *Store) DeleteDraft(ctx context.Context, userID int64, key string) (bool, error) {
	var n int64
	err := s.tx(ctx, "delete draft", func(tx *sql.Tx) error {
		res, err := s.txExec(ctx, tx, `DELETE FROM drafts WHERE user_id = ? AND draft_key = ?`, userID, key)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}

// useDraft deletes the draft a write used up, inside the write's
// transaction.
func (s *Store) useDraft(ctx context.Context, tx *sql.Tx, ref *forum.DraftRef) error {
	if ref == nil {
		return nil
	}
	if err := s.exec(ctx, tx, `DELETE FROM drafts WHERE user_id = ? AND draft_key = ?`, ref.UserID, ref.Key); err != nil {
		return fmt.Errorf("delete used draft: %w", err)
	}
	return nil
}

type rowScanner interface{ Scan(dest ...any) error }

func scanDraft(r rowScanner) (*forum.Draft, error) {
	var d forum.Draft
	var at int64
	if err := r.Scan(&d.UserID, &d.Key, &d.Title, &d.Body, &at); err != nil {
		return nil, err
	}
	d.UpdatedAt = msTime(at)
	return &d, nil
}
