package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// CreateThread inserts a thread, its opening post, its first revision and
// its tags, and bumps every counter that includes it, in one transaction.
func (s *Store) CreateThread(ctx context.Context, in forum.NewThreadRow) (threadID, postID int64, err error) {
	at := ms(in.CreatedAt)
	err = s.tx(ctx, "create thread", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO threads
			(subtopic_id, author_id, title, slug, excerpt, pinned, locked, created_at, last_activity_at, post_seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`),
			in.SubtopicID, in.AuthorID, in.Title, in.Slug, in.Excerpt, b2i(in.Pinned), b2i(in.Locked), at, at).Scan(&threadID); err != nil {
			return fmt.Errorf("insert thread: %w", err)
		}
		var err error
		if postID, err = s.insertPost(ctx, tx, threadID, 1, in.AuthorID, in.Body, at, in.Title); err != nil {
			return err
		}
		if err := s.exec(ctx, tx, `UPDATE threads SET first_post_id = ? WHERE id = ?`, postID, threadID); err != nil {
			return err
		}
		for _, tagID := range in.TagIDs {
			if err := s.exec(ctx, tx, `INSERT INTO thread_tags (thread_id, tag_id) VALUES (?, ?)`, threadID, tagID); err != nil {
				return fmt.Errorf("tag thread: %w", err)
			}
			if err := s.execOne(ctx, tx, `UPDATE tags SET thread_count = thread_count + 1 WHERE id = ?`, tagID); err != nil {
				return fmt.Errorf("count tag %d: %w", tagID, err)
			}
		}
		if err := s.execOne(ctx, tx, `UPDATE subtopics SET thread_count = thread_count + 1 WHERE id = ?`, in.SubtopicID); err != nil {
			return fmt.Errorf("count subtopic %d: %w", in.SubtopicID, err)
		}
		return s.execOne(ctx, tx, `UPDATE users SET thread_count = thread_count + 1 WHERE id = ?`, in.AuthorID)
	})
	return threadID, postID, err
}

// CreateReply appends a reply to a live thread and moves its activity.
func (s *Store) CreateReply(ctx context.Context, in forum.NewPostRow) (postID int64, err error) {
	at := ms(in.CreatedAt)
	err = s.tx(ctx, fmt.Sprintf("reply to thread %d", in.ThreadID), func(tx *sql.Tx) error {
		// The UPDATE takes the thread's row lock first, so concurrent replies
		// get distinct numbers on every engine.
		var number int
		if err := tx.QueryRowContext(ctx, s.q(`UPDATE threads SET post_seq = post_seq + 1, reply_count = reply_count + 1,
			last_activity_at = CASE WHEN ? > last_activity_at THEN ? ELSE last_activity_at END
			WHERE id = ? AND deleted = 0 RETURNING post_seq`), at, at, in.ThreadID).Scan(&number); err != nil {
			return err
		}
		var err error
		if postID, err = s.insertPost(ctx, tx, in.ThreadID, number, in.AuthorID, in.Body, at, ""); err != nil {
			return err
		}
		return s.execOne(ctx, tx, `UPDATE users SET reply_count = reply_count + 1 WHERE id = ?`, in.AuthorID)
	})
	return postID, err
}

func (s *Store) insertPost(ctx context.Context, tx *sql.Tx, threadID int64, number int, authorID int64, b forum.RenderedBody, at int64, title string) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO posts
		(thread_id, number, author_id, body_source, body_html, body_text, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), threadID, number, authorID, b.Source, b.HTML, b.Text, at).Scan(&id); err != nil {
		return 0, fmt.Errorf("insert post: %w", err)
	}
	if err := s.exec(ctx, tx, `INSERT INTO revisions (post_id, number, title, body_source, editor_id, created_at)
		VALUES (?, 1, ?, ?, ?, ?)`, id, title, b.Source, authorID, at); err != nil {
		return 0, fmt.Errorf("insert first revision: %w", err)
	}
	return id, nil
}

// EditPost replaces a post's body, keeping or folding a revision.
func (s *Store) EditPost(ctx context.Context, in forum.EditPostRow) error {
	at := ms(in.At)
	return s.tx(ctx, fmt.Sprintf("edit post %d", in.PostID), func(tx *sql.Tx) error {
		var threadID int64
		var number, revisions, deleted int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT thread_id, number, revision_count, deleted FROM posts WHERE id = ?`),
			in.PostID).Scan(&threadID, &number, &revisions, &deleted); err != nil {
			return err
		}
		if deleted == 1 {
			return forum.ErrNotFound
		}
		title := in.Title
		if number == 1 && title == "" {
			if err := tx.QueryRowContext(ctx, s.q(`SELECT title FROM threads WHERE id = ?`), threadID).Scan(&title); err != nil {
				return err
			}
		}
		var lastEditor, lastAt int64
		if err := tx.QueryRowContext(ctx, s.q(`SELECT editor_id, created_at FROM revisions WHERE post_id = ? AND number = ?`),
			in.PostID, revisions).Scan(&lastEditor, &lastAt); err != nil {
			return fmt.Errorf("load newest revision: %w", err)
		}
		if lastEditor == in.EditorID && lastAt >= ms(in.FoldAfter) {
			if err := s.execOne(ctx, tx, `UPDATE revisions SET body_source = ?, title = ? WHERE post_id = ? AND number = ?`,
				in.Body.Source, title, in.PostID, revisions); err != nil {
				return fmt.Errorf("fold revision: %w", err)
			}
		} else {
			revisions++
			if err := s.exec(ctx, tx, `INSERT INTO revisions (post_id, number, title, body_source, editor_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?)`, in.PostID, revisions, title, in.Body.Source, in.EditorID, at); err != nil {
				return fmt.Errorf("add revision: %w", err)
			}
		}
		editedAt := int64(0)
		if revisions > 1 {
			editedAt = at
		}
		if err := s.execOne(ctx, tx, `UPDATE posts SET body_source = ?, body_html = ?, body_text = ?, edited_at = ?, revision_count = ?
			WHERE id = ?`, in.Body.Source, in.Body.HTML, in.Body.Text, editedAt, revisions, in.PostID); err != nil {
			return err
		}
		if number == 1 {
			if err := s.execOne(ctx, tx, `UPDATE threads SET title = ?, slug = ?, excerpt = ? WHERE id = ?`,
				title, in.Slug, in.Excerpt, threadID); err != nil {
				return err
			}
		}
		return s.touchThread(ctx, tx, threadID, at)
	})
}

// DeletePost soft-deletes a post. Deleting the opening post deletes the
// thread; either way every counter that included it is decremented.
func (s *Store) DeletePost(ctx context.Context, postID int64, at time.Time) error {
	return s.tx(ctx, fmt.Sprintf("delete post %d", postID), func(tx *sql.Tx) error {
		var threadID, authorID int64
		var number, recommended, deleted int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT thread_id, author_id, number, recommended, deleted FROM posts WHERE id = ?`),
			postID).Scan(&threadID, &authorID, &number, &recommended, &deleted); err != nil {
			return err
		}
		if deleted == 1 {
			return nil
		}
		if number == 1 {
			return s.deleteThread(ctx, tx, threadID, postID, authorID)
		}
		if err := s.execOne(ctx, tx, `UPDATE posts SET deleted = 1, recommended = 0 WHERE id = ?`, postID); err != nil {
			return err
		}
		if err := s.execOne(ctx, tx, `UPDATE threads SET reply_count = reply_count - 1, recommended = recommended - ?,
			accepted_post_id = CASE WHEN accepted_post_id = ? THEN 0 ELSE accepted_post_id END WHERE id = ?`,
			recommended, postID, threadID); err != nil {
			return err
		}
		if err := s.execOne(ctx, tx, `UPDATE users SET reply_count = reply_count - 1 WHERE id = ?`, authorID); err != nil {
			return err
		}
		return s.touchThread(ctx, tx, threadID, ms(at))
	})
}

func (s *Store) deleteThread(ctx context.Context, tx *sql.Tx, threadID, postID, authorID int64) error {
	steps := []struct {
		query string
		args  []any
	}{
		{`UPDATE users SET reply_count = reply_count - (SELECT COUNT(*) FROM posts p
			WHERE p.thread_id = ? AND p.author_id = users.id AND p.number > 1 AND p.deleted = 0)
			WHERE id IN (SELECT author_id FROM posts WHERE thread_id = ? AND number > 1 AND deleted = 0)`, []any{threadID, threadID}},
		{`UPDATE tags SET thread_count = thread_count - 1 WHERE id IN (SELECT tag_id FROM thread_tags WHERE thread_id = ?)`, []any{threadID}},
		{`UPDATE subtopics SET thread_count = thread_count - 1 WHERE id = (SELECT subtopic_id FROM threads WHERE id = ?)`, []any{threadID}},
		{`UPDATE users SET thread_count = thread_count - 1 WHERE id = ?`, []any{authorID}},
		{`UPDATE posts SET deleted = 1 WHERE id = ?`, []any{postID}},
		{`UPDATE threads SET deleted = 1 WHERE id = ?`, []any{threadID}},
	}
	for _, st := range steps {
		if err := s.exec(ctx, tx, st.query, st.args...); err != nil {
			return fmt.Errorf("delete thread %d: %w", threadID, err)
		}
	}
	return nil
}

// touchThread moves a thread's last activity forward (never back) and
// recomputes its solved flag from the columns it derives from.
func (s *Store) touchThread(ctx context.Context, tx *sql.Tx, threadID, at int64) error {
	return s.execOne(ctx, tx, `UPDATE threads SET
		last_activity_at = CASE WHEN ? > last_activity_at THEN ? ELSE last_activity_at END,
		solved = CASE WHEN accepted_post_id <> 0 OR recommended > 0 THEN 1 ELSE 0 END
		WHERE id = ?`, at, at, threadID)
}

func (s *Store) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	_, err := tx.ExecContext(ctx, s.q(query), args...)
	return err
}

// execOne runs a statement that must change exactly one row; zero rows
// means the target vanished, reported as ErrNotFound.
func (s *Store) execOne(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, s.q(query), args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return forum.ErrNotFound
	}
	return nil
}
