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

// DeletePostBy deletes a post (see DeletePost) and records who and when.
func (s *Store) DeletePostBy(ctx context.Context, row forum.DeleteRow) (out forum.DeleteOutcome, err error) {
	err = s.tx(ctx, fmt.Sprintf("delete post %d", row.PostID), func(tx *sql.Tx) error {
		p, err := s.lockPost(ctx, tx, row.PostID)
		if err != nil {
			return err
		}
		out = forum.DeletedReply
		if p.number == 1 {
			out = forum.DeletedThread
			if row.Others != forum.OthersDelete {
				var others int
				if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM posts WHERE thread_id = ? AND number > 1 AND deleted = 0 AND author_id <> ?`,
					p.threadID, p.authorID).Scan(&others); err != nil {
					return err
				}
				switch {
				case others > 0 && row.Others == forum.OthersRefuse:
					return &forum.ConfirmError{Replies: others}
				case others > 0:
					out = forum.WithdrewOpener
					if err := s.withdrawTx(ctx, tx, p.threadID, row.PostID, row.At); err != nil {
						return err
					}
					return s.appendAudit(ctx, tx, row.Audit)
				}
			}
		}
		if err := s.deletePostTx(ctx, tx, row.PostID); err != nil {
			return err
		}
		if err := s.execOne(ctx, tx, `UPDATE posts SET deleted_by = ?, deleted_at = ? WHERE id = ?`, row.ByID, ms(row.At), row.PostID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, row.Audit)
	})
	return out, err
}

// withdrawnByAuthorHTML replaces the text of an opening post its author
// withdrew from a thread others answered.
const withdrawnByAuthorHTML = `<p><em>The author withdrew this post. The replies stay.</em></p>`

// withdrawTx replaces a live opening post's text with a notice. The kept
// revisions stay for staff, hidden (as staff hide a version), so the
// revisions page shows their dates but not their text until staff show
// one again.
func (s *Store) withdrawTx(ctx context.Context, tx *sql.Tx, threadID, postID int64, at time.Time) error {
	if err := s.execOne(ctx, tx, `UPDATE posts SET body_source = '', body_html = ?, body_text = '', withdrawn_at = ? WHERE id = ?`,
		withdrawnByAuthorHTML, ms(at), postID); err != nil {
		return err
	}
	if err := s.exec(ctx, tx, `UPDATE revisions SET hidden = 1 WHERE post_id = ?`, postID); err != nil {
		return fmt.Errorf("hide revisions: %w", err)
	}
	var title string
	if err := s.txQueryRow(ctx, tx, `SELECT title FROM threads WHERE id = ?`, threadID).Scan(&title); err != nil {
		return err
	}
	if err := s.execOne(ctx, tx, `UPDATE threads SET excerpt = '' WHERE id = ?`, threadID); err != nil {
		return err
	}
	return s.reindexPost(ctx, tx, postID, title, "")
}

// deletedPost reads what restoring or purging needs to know of a post.
func (s *Store) deletedPost(ctx context.Context, tx *sql.Tx, postID int64) (threadID, authorID int64, number int, err error) {
	var deleted, purged int64
	if err = s.txQueryRow(ctx, tx, `SELECT thread_id, author_id, number, deleted, purged_at FROM posts WHERE id = ?`, postID).
		Scan(&threadID, &authorID, &number, &deleted, &purged); err != nil {
		return
	}
	if deleted == 0 || purged != 0 {
		err = fmt.Errorf("post %d is not deleted: %w", postID, forum.ErrNotFound)
	}
	return
}

// RestorePost undoes a delete, counting back in what it counted out.
func (s *Store) RestorePost(ctx context.Context, postID int64, e *forum.AuditEntry) error {
	return s.tx(ctx, fmt.Sprintf("restore post %d", postID), func(tx *sql.Tx) error {
		threadID, authorID, number, err := s.deletedPost(ctx, tx, postID)
		if err != nil {
			return err
		}
		if number > 1 {
			if err := s.restoreReply(ctx, tx, threadID, postID, authorID); err != nil {
				return err
			}
		} else if err := s.restoreThread(ctx, tx, threadID, postID, authorID); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, e)
	})
}

func (s *Store) restoreReply(ctx context.Context, tx *sql.Tx, threadID, postID, authorID int64) error {
	// A reply of a deleted thread comes back with the thread.
	if err := s.lockThread(ctx, tx, threadID); err != nil {
		return err
	}
	if err := s.execOne(ctx, tx, `UPDATE posts SET deleted = 0, deleted_by = 0, deleted_at = 0 WHERE id = ? AND deleted = 1`, postID); err != nil {
		return err
	}
	if err := s.execOne(ctx, tx, `UPDATE threads SET reply_count = reply_count + 1 WHERE id = ?`, threadID); err != nil {
		return err
	}
	if err := s.execOne(ctx, tx, `UPDATE users SET reply_count = reply_count + 1 WHERE id = ?`, authorID); err != nil {
		return err
	}
	var text string
	if err := s.txQueryRow(ctx, tx, `SELECT body_text FROM posts WHERE id = ?`, postID).Scan(&text); err != nil {
		return err
	}
	if err := s.reindexPost(ctx, tx, postID, "", text); err != nil {
		return err
	}
	return s.touchThread(ctx, tx, threadID, 0)
}

// restoreThread is deleteThread backwards: the thread and its opening post
// come back, and so do the counts of its tags, subtopic, author and the
// authors of its live replies, which are indexed again.
func (s *Store) restoreThread(ctx context.Context, tx *sql.Tx, threadID, postID, authorID int64) error {
	if err := s.execOne(ctx, tx, `UPDATE threads SET deleted = 0 WHERE id = ? AND deleted = 1`, threadID); err != nil {
		return fmt.Errorf("restore thread: %w", err)
	}
	if err := s.execOne(ctx, tx, `UPDATE posts SET deleted = 0, deleted_by = 0, deleted_at = 0 WHERE id = ?`, postID); err != nil {
		return fmt.Errorf("restore opening post: %w", err)
	}
	tags, err := s.txPairs(ctx, tx, `SELECT tag_id, 1 FROM thread_tags WHERE thread_id = ? ORDER BY tag_id`, threadID)
	if err != nil {
		return fmt.Errorf("load tags: %w", err)
	}
	for _, tg := range tags {
		if err := s.execOne(ctx, tx, `UPDATE tags SET thread_count = thread_count + 1 WHERE id = ?`, tg[0]); err != nil {
			return fmt.Errorf("count tag %d: %w", tg[0], err)
		}
	}
	if err := s.execOne(ctx, tx, `UPDATE subtopics SET thread_count = thread_count + 1
		WHERE id = (SELECT subtopic_id FROM threads WHERE id = ?)`, threadID); err != nil {
		return fmt.Errorf("count subtopic: %w", err)
	}
	replies, err := s.txPairs(ctx, tx, `SELECT author_id, COUNT(*) FROM posts
		WHERE thread_id = ? AND number > 1 AND deleted = 0 GROUP BY author_id`, threadID)
	if err != nil {
		return fmt.Errorf("count replies: %w", err)
	}
	gained := map[int64]*[2]int64{authorID: {1, 0}} // user -> threads, replies
	for _, r := range replies {
		if gained[r[0]] == nil {
			gained[r[0]] = &[2]int64{}
		}
		gained[r[0]][1] = r[1]
	}
	for _, user := range slices.Sorted(maps.Keys(gained)) {
		if err := s.execOne(ctx, tx, `UPDATE users SET thread_count = thread_count + ?, reply_count = reply_count + ? WHERE id = ?`,
			gained[user][0], gained[user][1], user); err != nil {
			return fmt.Errorf("count user %d: %w", user, err)
		}
	}
	var title string
	if err := s.txQueryRow(ctx, tx, `SELECT title FROM threads WHERE id = ?`, threadID).Scan(&title); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT id, number, body_text FROM posts WHERE thread_id = ? AND deleted = 0 ORDER BY id`), threadID)
	if err != nil {
		return fmt.Errorf("load posts: %w", s.classify(err))
	}
	type doc struct {
		id     int64
		number int
		text   string
	}
	var docs []doc
	for rows.Next() {
		var d doc
		if err := rows.Scan(&d.id, &d.number, &d.text); err != nil {
			rows.Close()
			return err
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s.classify(err)
	}
	for _, d := range docs {
		t := ""
		if d.number == 1 {
			t = title
		}
		if err := s.reindexPost(ctx, tx, d.id, t, d.text); err != nil {
			return err
		}
	}
	return s.touchThread(ctx, tx, threadID, 0)
}

// PurgePost erases a deleted post's text and revisions; an opening post
// takes its whole thread's text and title with it.
func (s *Store) PurgePost(ctx context.Context, postID int64, at time.Time, e *forum.AuditEntry) error {
	return s.tx(ctx, fmt.Sprintf("purge post %d", postID), func(tx *sql.Tx) error {
		threadID, _, number, err := s.deletedPost(ctx, tx, postID)
		if err != nil {
			return err
		}
		where, arg := `id = ?`, postID
		if number == 1 {
			where, arg = `thread_id = ?`, threadID
			if err := s.execOne(ctx, tx, `UPDATE threads SET title = '', excerpt = '' WHERE id = ?`, threadID); err != nil {
				return err
			}
		}
		if err := s.exec(ctx, tx, `DELETE FROM revisions WHERE post_id IN (SELECT id FROM posts WHERE `+where+`)`, arg); err != nil {
			return fmt.Errorf("purge revisions: %w", err)
		}
		if err := s.exec(ctx, tx, `UPDATE posts SET body_source = '', body_html = '', body_text = '', revision_count = 0,
			purged_at = CASE WHEN deleted = 1 THEN ? ELSE purged_at END WHERE `+where, ms(at), arg); err != nil {
			return fmt.Errorf("purge posts: %w", err)
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// DeletedPosts lists deleted posts not yet purged, newest deletion first.
func (s *Store) DeletedPosts(ctx context.Context, before time.Time, limit int) ([]forum.DeletedPost, error) {
	q := `SELECT p.id, p.thread_id, p.number, t.title, p.author_id, ua.username, p.body_text,
		p.deleted_by, COALESCE(ub.username, ''), p.deleted_at
		FROM posts p JOIN threads t ON t.id = p.thread_id JOIN users ua ON ua.id = p.author_id
		LEFT JOIN users ub ON ub.id = p.deleted_by
		WHERE p.deleted = 1 AND p.purged_at = 0 AND (p.number = 1 OR t.deleted = 0)`
	args := []any{}
	if !before.IsZero() {
		q += ` AND p.deleted_at > 0 AND p.deleted_at < ?`
		args = append(args, ms(before))
	}
	if limit <= 0 || limit > forum.MaxPageSize {
		limit = forum.MaxPageSize
	}
	q += ` ORDER BY p.deleted_at DESC, p.id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list deleted posts: %w", err)
	}
	defer rows.Close()
	var out []forum.DeletedPost
	for rows.Next() {
		var d forum.DeletedPost
		var at int64
		if err := rows.Scan(&d.PostID, &d.ThreadID, &d.Number, &d.ThreadTitle, &d.AuthorID, &d.AuthorName, &d.Excerpt,
			&d.DeletedByID, &d.DeletedBy, &at); err != nil {
			return nil, err
		}
		if r := []rune(d.Excerpt); len(r) > 200 {
			d.Excerpt = string(r[:200]) + "…"
		}
		if at != 0 {
			d.DeletedAt = msTime(at)
		}
		out = append(out, d)
	}
	return out, s.classify(rows.Err())
}
