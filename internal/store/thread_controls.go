package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/seam"
)

// The staff thread controls of forum.ThreadControls: each one transaction
// that changes the thread, keeps the counters exact, writes the thread's
// notice and the audit entry.

// control runs fn on a live thread in one transaction and then writes the
// notice and the audit entry.
func (s *Store) control(ctx context.Context, what string, threadID int64, n *forum.ThreadNotice, e *forum.AuditEntry, fn func(tx *sql.Tx) error) error {
	return s.tx(ctx, fmt.Sprintf("%s thread %d", what, threadID), func(tx *sql.Tx) error {
		var live int
		if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM threads WHERE id = ? AND deleted = 0`, threadID).Scan(&live); err != nil {
			return err
		}
		if live == 0 {
			return forum.ErrNotFound
		}
		if err := fn(tx); err != nil {
			return err
		}
		if n != nil {
			if err := s.txQueryRow(ctx, tx, `INSERT INTO thread_notices (thread_id, kind, actor_id, actor_name, text, after_post, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, threadID, n.Kind, n.ActorID, n.ActorName, n.Text, n.AfterPost, ms(n.CreatedAt)).Scan(&n.ID); err != nil {
				return err
			}
			n.ThreadID = threadID
		}
		return s.appendAudit(ctx, tx, e)
	})
}

// SetPin pins a thread in its subtopic, everywhere, or not at all.
func (s *Store) SetPin(ctx context.Context, threadID int64, pin forum.PinScope, n *forum.ThreadNotice, e *forum.AuditEntry) error {
	if pin < forum.PinNone || pin > forum.PinGlobal {
		return fmt.Errorf("pin thread %d: unknown scope %d", threadID, pin)
	}
	return s.control(ctx, "pin", threadID, n, e, func(tx *sql.Tx) error {
		return s.execOne(ctx, tx, `UPDATE threads SET pinned = ? WHERE id = ?`, int(pin), threadID)
	})
}

// SetLocked locks or unlocks a thread.
func (s *Store) SetLocked(ctx context.Context, threadID int64, locked bool, n *forum.ThreadNotice, e *forum.AuditEntry) error {
	return s.control(ctx, "lock", threadID, n, e, func(tx *sql.Tx) error {
		return s.execOne(ctx, tx, `UPDATE threads SET locked = ? WHERE id = ?`, b2i(locked), threadID)
	})
}

// SetUnlisted takes a thread out of (or back into) lists, feeds, search
// and the sitemap. Its search rows stay; the search leaves unlisted
// threads out.
func (s *Store) SetUnlisted(ctx context.Context, threadID int64, unlisted bool, n *forum.ThreadNotice, e *forum.AuditEntry) error {
	return s.control(ctx, "unlist", threadID, n, e, func(tx *sql.Tx) error {
		return s.execOne(ctx, tx, `UPDATE threads SET unlisted = ? WHERE id = ?`, b2i(unlisted), threadID)
	})
}

// MoveThread moves a thread to another subtopic and both counts with it.
func (s *Store) MoveThread(ctx context.Context, threadID, to int64, n *forum.ThreadNotice, e *forum.AuditEntry) error {
	return s.control(ctx, "move", threadID, n, e, func(tx *sql.Tx) error {
		var from int64
		if err := s.txQueryRow(ctx, tx, `SELECT subtopic_id FROM threads WHERE id = ?`, threadID).Scan(&from); err != nil {
			return err
		}
		if from == to {
			return forum.Invalid("subtopic", "is where the thread already is")
		}
		var exists int
		if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM subtopics WHERE id = ?`, to).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return forum.Invalid("subtopic", "does not exist")
		}
		for _, st := range []struct {
			q    string
			args []any
		}{
			{`UPDATE threads SET subtopic_id = ? WHERE id = ?`, []any{to, threadID}},
			{`UPDATE subtopics SET thread_count = thread_count - 1 WHERE id = ?`, []any{from}},
			{`UPDATE subtopics SET thread_count = thread_count + 1 WHERE id = ?`, []any{to}},
		} {
			if err := s.execOne(ctx, tx, st.q, st.args...); err != nil {
				return err
			}
		}
		return s.reindexThread(ctx, tx, threadID)
	})
}

// SetThreadTags replaces a thread's tags, moving each tag's count.
func (s *Store) SetThreadTags(ctx context.Context, threadID int64, tagIDs []int64, n *forum.ThreadNotice, e *forum.AuditEntry) error {
	return s.control(ctx, "retag", threadID, n, e, func(tx *sql.Tx) error {
		if _, err := s.txExec(ctx, tx, `UPDATE tags SET thread_count = thread_count - 1
			WHERE id IN (SELECT tag_id FROM thread_tags WHERE thread_id = ?)`, threadID); err != nil {
			return err
		}
		if _, err := s.txExec(ctx, tx, `DELETE FROM thread_tags WHERE thread_id = ?`, threadID); err != nil {
			return err
		}
		seen := map[int64]bool{}
		for _, id := range tagIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			if err := s.execOne(ctx, tx, `UPDATE tags SET thread_count = thread_count + 1 WHERE id = ?`, id); err != nil {
				if err == forum.ErrNotFound {
					return forum.Invalid("tags", fmt.Sprintf("tag %d does not exist", id))
				}
				return err
			}
			if _, err := s.txExec(ctx, tx, `INSERT INTO thread_tags (thread_id, tag_id) VALUES (?, ?)`, threadID, id); err != nil {
				return err
			}
		}
		return s.reindexThread(ctx, tx, threadID)
	})
}

// reindexThread rewrites the search rows of a live thread's posts, on
// engines whose rows carry the thread's subtopic and tags.
func (s *Store) reindexThread(ctx context.Context, tx *sql.Tx, threadID int64) error {
	if !s.d.IndexesTaxonomy() {
		return nil
	}
	rows, err := tx.QueryContext(ctx, s.q(`SELECT p.id, p.number, t.title, p.body_text, `+s.d.IndexMeta()+`
		FROM posts p JOIN threads t ON t.id = p.thread_id
		WHERE p.thread_id = ? AND p.deleted = 0 AND t.deleted = 0 ORDER BY p.id`), threadID)
	if err != nil {
		return fmt.Errorf("load posts to reindex: %w", err)
	}
	var docs []seam.Doc
	for rows.Next() {
		var d seam.Doc
		var number int
		if err := rows.Scan(&d.ID, &number, &d.Title, &d.Text, &d.Meta); err != nil {
			rows.Close()
			return err
		}
		if number != 1 {
			d.Title = ""
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	exec := s.execUnprepared(ctx, tx)
	for start := 0; start < len(docs); start += indexBatch {
		if err := s.d.IndexDocs(exec, docs[start:min(start+indexBatch, len(docs))]); err != nil {
			return err
		}
	}
	return nil
}

// ThreadNotices returns a thread's notices, oldest first.
func (s *Store) ThreadNotices(ctx context.Context, threadID int64) ([]forum.ThreadNotice, error) {
	rows, err := s.query(ctx, `SELECT id, thread_id, kind, actor_id, actor_name, text, after_post, created_at
		FROM thread_notices WHERE thread_id = ? ORDER BY id`, threadID)
	if err != nil {
		return nil, fmt.Errorf("load notices of thread %d: %w", threadID, s.classify(err))
	}
	defer rows.Close()
	var out []forum.ThreadNotice
	for rows.Next() {
		var n forum.ThreadNotice
		var at int64
		if err := rows.Scan(&n.ID, &n.ThreadID, &n.Kind, &n.ActorID, &n.ActorName, &n.Text, &n.AfterPost, &at); err != nil {
			return nil, fmt.Errorf("scan notice: %w", err)
		}
		n.CreatedAt = msTime(at)
		out = append(out, n)
	}
	return out, s.classify(rows.Err())
}

// GlobalPins returns the listed threads pinned everywhere.
func (s *Store) GlobalPins(ctx context.Context) ([]forum.Thread, error) {
	return s.queryThreads(ctx, "list global pins", "SELECT "+threadColumns+threadJoins+
		" WHERE t.pinned = 2 AND t.deleted = 0 AND t.unlisted = 0 ORDER BY t.last_activity_at DESC, t.id DESC")
}
