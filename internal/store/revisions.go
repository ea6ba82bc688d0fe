package store

import (
	"context"
	"database/sql"
	"fmt"
)

// RedactRevision rewrites one kept version of a live post with redact and
// reports whether its text changed. A missing post or revision is
// ErrNotFound.
func (s *Store) RedactRevision(ctx context.Context, postID int64, number int, redact func(string) string) (bool, error) {
	var changed int
	err := s.tx(ctx, fmt.Sprintf("redact revision %d of post %d", number, postID), func(tx *sql.Tx) error {
		if _, err := s.lockPost(ctx, tx, postID); err != nil {
			return err
		}
		var exists int
		if err := s.txQueryRow(ctx, tx, `SELECT 1 FROM revisions WHERE post_id = ? AND number = ?`, postID, number).Scan(&exists); err != nil {
			return err
		}
		var err error
		changed, err = s.redactRevisionsTx(ctx, tx, postID, number, number, redact)
		return err
	})
	return changed > 0, err
}

// SetRevisionHidden hides or shows one kept version of a live post. A
// missing post or revision is ErrNotFound.
func (s *Store) SetRevisionHidden(ctx context.Context, postID int64, number int, hidden bool) error {
	return s.tx(ctx, fmt.Sprintf("hide revision %d of post %d", number, postID), func(tx *sql.Tx) error {
		if _, err := s.lockPost(ctx, tx, postID); err != nil {
			return err
		}
		return s.execOne(ctx, tx, `UPDATE revisions SET hidden = ? WHERE post_id = ? AND number = ?`, b2i(hidden), postID, number)
	})
}

// redactRevisionsTx rewrites the bodies of the post's revisions numbered
// from..to with redact, writing only the rows whose text changes, and
// reports how many it wrote. Titles are left alone: redaction applies to
// bodies, as when posting.
func (s *Store) redactRevisionsTx(ctx context.Context, tx *sql.Tx, postID int64, from, to int, redact func(string) string) (int, error) {
	if from > to {
		return 0, nil
	}
	type rewrite struct {
		number int
		body   string
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT number, body_source FROM revisions WHERE post_id = ? AND number BETWEEN ? AND ? ORDER BY number`),
		postID, from, to)
	if err != nil {
		return 0, fmt.Errorf("load revisions to redact: %w", err)
	}
	var out []rewrite
	for rows.Next() {
		var n int
		var body string
		if err := rows.Scan(&n, &body); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan revision: %w", err)
		}
		if red := redact(body); red != body {
			out = append(out, rewrite{n, red})
		}
	}
	// The rows must be closed before the updates: SQLite's transaction has
	// one connection.
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if err := rows.Err(); err != nil {
		return 0, s.classify(err)
	}
	for _, r := range out {
		if err := s.execOne(ctx, tx, `UPDATE revisions SET body_source = ? WHERE post_id = ? AND number = ?`, r.body, postID, r.number); err != nil {
			return 0, fmt.Errorf("redact revision %d: %w", r.number, err)
		}
	}
	return len(out), nil
}
