package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// CreateThread inserts a thread, its opening post, its first revision and
// its tags, and bumps every counter that includes it, in one transaction.
func (s *Store) CreateThread(ctx context.Context, in forum.NewThreadRow) (threadID, postID int64, err error) {
	at := ms(in.CreatedAt)
	err = s.tx(ctx, "create thread", func(tx *sql.Tx) error {
		if err := s.txQueryRow(ctx, tx, (`INSERT INTO threads
			(subtopic_id, author_id, title, slug, excerpt, pinned, locked, created_at, last_activity_at, post_seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`),
			in.SubtopicID, in.AuthorID, in.Title, in.Slug, in.Excerpt, b2i(in.Pinned), b2i(in.Locked), at, at).Scan(&threadID); err != nil {
			return fmt.Errorf("insert thread: %w", err)
		}
		// The thread's tags are written before its opening post, whose
		// search-index row carries them.
		tagIDs := slices.Sorted(slices.Values(in.TagIDs))
		for _, tagID := range tagIDs {
			if err := s.exec(ctx, tx, `INSERT INTO thread_tags (thread_id, tag_id) VALUES (?, ?)`, threadID, tagID); err != nil {
				return fmt.Errorf("tag thread: %w", err)
			}
		}
		var err error
		if postID, err = s.insertPost(ctx, tx, threadID, 1, in.AuthorID, in.Body, at, in.Title, nil); err != nil {
			return err
		}
		if err := s.exec(ctx, tx, `UPDATE threads SET first_post_id = ? WHERE id = ?`, postID, threadID); err != nil {
			return err
		}
		// Tags are counted in id order, the lock order of locks.go.
		for _, tagID := range tagIDs {
			if err := s.execOne(ctx, tx, `UPDATE tags SET thread_count = thread_count + 1 WHERE id = ?`, tagID); err != nil {
				return fmt.Errorf("count tag %d: %w", tagID, err)
			}
		}
		if err := s.execOne(ctx, tx, `UPDATE subtopics SET thread_count = thread_count + 1 WHERE id = ?`, in.SubtopicID); err != nil {
			return fmt.Errorf("count subtopic %d: %w", in.SubtopicID, err)
		}
		if err := s.execOne(ctx, tx, `UPDATE users SET thread_count = thread_count + 1 WHERE id = ?`, in.AuthorID); err != nil {
			return err
		}
		if err := s.useDraft(ctx, tx, in.Draft); err != nil {
			return err
		}
		return s.storeOnce(ctx, tx, in.Once, threadID, threadID)
	})
	return threadID, postID, err
}

// CreateReply appends a reply to a live thread and moves its activity.
// Where the dialect batches replies (SQLite) concurrent replies share
// transactions (see replyBatcher); elsewhere each commits on its own.
func (s *Store) CreateReply(ctx context.Context, in forum.NewPostRow) (postID int64, err error) {
	c, err := s.CreateReplyCommitted(ctx, in)
	return c.PostID, err
}

// CreateReplyCommitted is CreateReply reporting the reply's id and number.
func (s *Store) CreateReplyCommitted(ctx context.Context, in forum.NewPostRow) (c forum.Committed, err error) {
	if s.replies != nil {
		return s.replies.submit(ctx, in)
	}
	err = s.tx(ctx, fmt.Sprintf("reply to thread %d", in.ThreadID), func(tx *sql.Tx) error {
		var err error
		c, err = s.createReplyTx(ctx, tx, in, nil)
		return err
	})
	return c, err
}

// createReplyTx writes one reply inside tx; a batch passes laterIndex to
// write the search index once for all its replies (see deferredIndex).
func (s *Store) createReplyTx(ctx context.Context, tx *sql.Tx, in forum.NewPostRow, laterIndex *deferredIndex) (forum.Committed, error) {
	var c forum.Committed
	at := ms(in.CreatedAt)
	// The UPDATE takes the thread's row lock first, so concurrent replies
	// get distinct numbers on every engine.
	var number int
	if err := s.txQueryRow(ctx, tx, (`UPDATE threads SET post_seq = post_seq + 1, reply_count = reply_count + 1,
		last_activity_at = CASE WHEN ? > last_activity_at THEN ? ELSE last_activity_at END
		WHERE id = ? AND deleted = 0 RETURNING post_seq`), at, at, in.ThreadID).Scan(&number); err != nil {
		return c, err
	}
	postID, err := s.insertPost(ctx, tx, in.ThreadID, number, in.AuthorID, in.Body, at, "", laterIndex)
	if err != nil {
		return c, err
	}
	if err := s.execOne(ctx, tx, `UPDATE users SET reply_count = reply_count + 1 WHERE id = ?`, in.AuthorID); err != nil {
		return c, err
	}
	c = forum.Committed{ThreadID: in.ThreadID, PostID: postID, Number: number, Revisions: 1}
	if err := s.useDraft(ctx, tx, in.Draft); err != nil {
		return c, err
	}
	return c, s.storeOnce(ctx, tx, in.Once, postID, in.ThreadID)
}

func (s *Store) insertPost(ctx context.Context, tx *sql.Tx, threadID int64, number int, authorID int64, b forum.RenderedBody, at int64, title string,
	laterIndex *deferredIndex) (int64, error) {
	var id int64
	if err := s.txQueryRow(ctx, tx, (`INSERT INTO posts
		(thread_id, number, author_id, body_source, body_html, body_text, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), threadID, number, authorID, b.Source, b.HTML, b.Text, at).Scan(&id); err != nil {
		return 0, fmt.Errorf("insert post: %w", err)
	}
	if err := s.exec(ctx, tx, `INSERT INTO revisions (post_id, number, title, body_source, editor_id, created_at)
		VALUES (?, 1, ?, ?, ?, ?)`, id, title, b.Source, authorID, at); err != nil {
		return 0, fmt.Errorf("insert first revision: %w", err)
	}
	if err := s.indexPost(ctx, tx, id, title, b.Text, laterIndex); err != nil {
		return 0, err
	}
	return id, nil
}

// EditPost replaces a post's body, keeping or folding a revision. Only an
// opening post's edit may rename the thread; an empty title keeps the
// thread's title and slug. Missing and deleted posts, and posts of deleted
// threads, are ErrNotFound.
func (s *Store) EditPost(ctx context.Context, in forum.EditPostRow) error {
	_, err := s.EditPostCommitted(ctx, in)
	return err
}

// EditPostCommitted is EditPost reporting the post's versions after it.
func (s *Store) EditPostCommitted(ctx context.Context, in forum.EditPostRow) (c forum.Committed, err error) {
	at := ms(in.At)
	err = s.tx(ctx, fmt.Sprintf("edit post %d", in.PostID), func(tx *sql.Tx) error {
		p, err := s.lockPost(ctx, tx, in.PostID)
		if err != nil {
			return err
		}
		// A revision's title is the thread's title at that version, so only
		// opening posts' revisions have one.
		var title, slug string
		if p.number == 1 {
			if err := s.txQueryRow(ctx, tx, `SELECT title, slug FROM threads WHERE id = ?`, p.threadID).Scan(&title, &slug); err != nil {
				return err
			}
			if in.Title != "" {
				title, slug = in.Title, in.Slug
			}
		}
		revisions := p.revisions
		var lastEditor, lastAt int64
		if err := s.txQueryRow(ctx, tx, `SELECT editor_id, created_at FROM revisions WHERE post_id = ? AND number = ?`,
			in.PostID, revisions).Scan(&lastEditor, &lastAt); err != nil {
			return fmt.Errorf("load newest revision: %w", err)
		}
		fold := lastEditor == in.EditorID && lastAt >= ms(in.FoldAfter)
		if fold {
			seen, err := s.actedOnSince(ctx, tx, p, in.PostID, lastAt)
			if err != nil {
				return err
			}
			fold = !seen
		}
		if fold {
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
		// Redacting an edit also redacts every earlier kept version, in
		// this transaction: otherwise the revisions page would still show
		// what the edit removed.
		if in.RedactEarlier != nil {
			if _, err := s.redactRevisionsTx(ctx, tx, in.PostID, 1, revisions-1, in.RedactEarlier); err != nil {
				return err
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
		if err := s.reindexPost(ctx, tx, in.PostID, title, in.Body.Text); err != nil {
			return err
		}
		if p.number == 1 {
			if err := s.execOne(ctx, tx, `UPDATE threads SET title = ?, slug = ?, excerpt = ? WHERE id = ?`,
				title, slug, in.Excerpt, p.threadID); err != nil {
				return err
			}
		}
		if err := s.useDraft(ctx, tx, in.Draft); err != nil {
			return err
		}
		c = forum.Committed{ThreadID: p.threadID, PostID: in.PostID, Number: p.number, Revisions: revisions, EditedAt: msTime(editedAt)}
		return s.touchThread(ctx, tx, p.threadID, at)
	})
	return c, err
}

// actedOnSince reports whether anyone acted on a post's newest version,
// written at `since`: a later post in its thread written since then, a
// boost given since then by someone else, or the post being the accepted
// answer or recommended by staff. An edit then keeps that version instead
// of folding into it, so what others answered, boosted or accepted stays
// on record and the post shows as edited. (A boost withdrawn leaves no
// row, so it does not count.)
func (s *Store) actedOnSince(ctx context.Context, tx *sql.Tx, p livePost, postID, since int64) (bool, error) {
	if p.recommended {
		return true, nil
	}
	var n int
	if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM threads WHERE id = ? AND accepted_post_id = ?`,
		p.threadID, postID).Scan(&n); err != nil || n > 0 {
		return n > 0, err
	}
	if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM posts WHERE thread_id = ? AND number > ? AND created_at >= ?`,
		p.threadID, p.number, since).Scan(&n); err != nil || n > 0 {
		return n > 0, err
	}
	if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM boosts WHERE post_id = ? AND created_at >= ? AND user_id <> ?`,
		postID, since, p.authorID).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}

// DeletePost soft-deletes a post. Deleting the opening post deletes the
// thread; either way every counter that included it is decremented.
// Missing and already deleted posts, and posts of deleted threads, are
// ErrNotFound, so nothing is ever counted out twice.
func (s *Store) DeletePost(ctx context.Context, postID int64, at time.Time) error {
	_, err := s.DeletePostBy(ctx, forum.DeleteRow{PostID: postID, At: at, Others: forum.OthersDelete})
	return err
}

// deletePostTx is DeletePost inside a transaction.
func (s *Store) deletePostTx(ctx context.Context, tx *sql.Tx, postID int64) error {
	{
		p, err := s.lockPost(ctx, tx, postID)
		if err != nil {
			return err
		}
		if p.number == 1 {
			if err := s.unindexThread(ctx, tx, p.threadID); err != nil {
				return err
			}
			return s.deleteThread(ctx, tx, p.threadID, postID, p.authorID)
		}
		if err := s.execOne(ctx, tx, `UPDATE posts SET deleted = 1, recommended = 0 WHERE id = ?`, postID); err != nil {
			return err
		}
		if err := s.unindexPost(ctx, tx, postID); err != nil {
			return err
		}
		if err := s.execOne(ctx, tx, `UPDATE threads SET reply_count = reply_count - 1, recommended = recommended - ?,
			accepted_post_id = CASE WHEN accepted_post_id = ? THEN 0 ELSE accepted_post_id END WHERE id = ?`,
			b2i(p.recommended), postID, p.threadID); err != nil {
			return err
		}
		if err := s.execOne(ctx, tx, `UPDATE users SET reply_count = reply_count - 1 WHERE id = ?`, p.authorID); err != nil {
			return err
		}
		// Removing a reply recomputes the solved flag but does not move the
		// thread's activity: deleting spam must not resurface a thread.
		return s.touchThread(ctx, tx, p.threadID, 0)
	}
}

// deleteThread marks a locked thread and its opening post deleted and
// lowers the counters that included them: its tags', its subtopic's, its
// author's threads and every reply author's live replies (replies of a
// deleted thread are not counted). Tags and users change one row at a
// time in id order, the lock order of locks.go.
func (s *Store) deleteThread(ctx context.Context, tx *sql.Tx, threadID, postID, authorID int64) error {
	if err := s.execOne(ctx, tx, `UPDATE posts SET deleted = 1 WHERE id = ?`, postID); err != nil {
		return fmt.Errorf("delete opening post: %w", err)
	}
	if err := s.execOne(ctx, tx, `UPDATE threads SET deleted = 1 WHERE id = ?`, threadID); err != nil {
		return fmt.Errorf("delete thread: %w", err)
	}
	tags, err := s.txPairs(ctx, tx, `SELECT tag_id, 1 FROM thread_tags WHERE thread_id = ? ORDER BY tag_id`, threadID)
	if err != nil {
		return fmt.Errorf("load tags: %w", err)
	}
	for _, tg := range tags {
		if err := s.execOne(ctx, tx, `UPDATE tags SET thread_count = thread_count - 1 WHERE id = ?`, tg[0]); err != nil {
			return fmt.Errorf("count tag %d: %w", tg[0], err)
		}
	}
	if err := s.execOne(ctx, tx, `UPDATE subtopics SET thread_count = thread_count - 1
		WHERE id = (SELECT subtopic_id FROM threads WHERE id = ?)`, threadID); err != nil {
		return fmt.Errorf("count subtopic: %w", err)
	}
	replies, err := s.txPairs(ctx, tx, `SELECT author_id, COUNT(*) FROM posts
		WHERE thread_id = ? AND number > 1 AND deleted = 0 GROUP BY author_id`, threadID)
	if err != nil {
		return fmt.Errorf("count replies: %w", err)
	}
	lost := map[int64]*[2]int64{authorID: {1, 0}} // user -> threads, replies
	for _, r := range replies {
		if lost[r[0]] == nil {
			lost[r[0]] = &[2]int64{}
		}
		lost[r[0]][1] = r[1]
	}
	for _, user := range slices.Sorted(maps.Keys(lost)) {
		if err := s.execOne(ctx, tx, `UPDATE users SET thread_count = thread_count - ?, reply_count = reply_count - ? WHERE id = ?`,
			lost[user][0], lost[user][1], user); err != nil {
			return fmt.Errorf("count user %d: %w", user, err)
		}
	}
	return nil
}

// txPairs reads rows of two integers inside a transaction.
func (s *Store) txPairs(ctx context.Context, tx *sql.Tx, query string, args ...any) ([][2]int64, error) {
	rows, err := tx.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]int64
	for rows.Next() {
		var p [2]int64
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, s.classify(rows.Err())
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
	_, err := s.txExec(ctx, tx, (query), args...)
	return err
}

// execOne runs a statement that must change exactly one row; zero rows
// means the target vanished, reported as ErrNotFound.
func (s *Store) execOne(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	res, err := s.txExec(ctx, tx, (query), args...)
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
