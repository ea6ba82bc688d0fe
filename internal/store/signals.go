package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// SetBoost adds (on) or removes a user's boost of a post and returns the
// post's new count. Repeating either is harmless: the boosts table's primary
// key decides, so the count stays exact under concurrent requests. Missing
// and deleted posts, and posts of deleted threads, are ErrNotFound.
func (s *Store) SetBoost(ctx context.Context, postID, userID int64, on bool, at time.Time) (count int, err error) {
	err = s.tx(ctx, fmt.Sprintf("boost post %d", postID), func(tx *sql.Tx) error {
		var threadID int64
		var number, deleted int
		if err := s.txQueryRow(ctx, tx, `SELECT p.thread_id, p.number, p.deleted + t.deleted FROM posts p
			JOIN threads t ON t.id = p.thread_id WHERE p.id = ?`, postID).Scan(&threadID, &number, &deleted); err != nil {
			return err
		}
		if number == 1 {
			// The opening post's count is also the thread's: lock the thread
			// first, as every writer of thread counters does (locks.go).
			p, err := s.lockPost(ctx, tx, postID)
			if err != nil {
				return err
			}
			deleted = 0
			threadID = p.threadID
		}
		if deleted != 0 {
			return forum.ErrNotFound
		}
		var res sql.Result
		var err error
		delta := 1
		if on {
			res, err = s.txExec(ctx, tx, `INSERT INTO boosts (post_id, user_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING`, postID, userID, ms(at))
		} else {
			delta = -1
			res, err = s.txExec(ctx, tx, `DELETE FROM boosts WHERE post_id = ? AND user_id = ?`, postID, userID)
		}
		if err != nil {
			return err
		}
		changed, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if changed == 0 {
			return s.txQueryRow(ctx, tx, `SELECT boost_count FROM posts WHERE id = ?`, postID).Scan(&count)
		}
		if err := s.txQueryRow(ctx, tx, `UPDATE posts SET boost_count = boost_count + ? WHERE id = ? RETURNING boost_count`,
			delta, postID).Scan(&count); err != nil {
			return err
		}
		if number == 1 {
			return s.execOne(ctx, tx, `UPDATE threads SET boost_count = ? WHERE id = ?`, count, threadID)
		}
		return nil
	})
	return count, err
}

// SetAccepted marks postID as the thread's accepted answer; 0 clears it.
// The post must be a live reply of that thread, else ErrNotFound.
func (s *Store) SetAccepted(ctx context.Context, threadID, postID int64, at time.Time) error {
	return s.tx(ctx, fmt.Sprintf("accept post %d in thread %d", postID, threadID), func(tx *sql.Tx) error {
		// With the thread locked the reply cannot be deleted before this
		// commits, so the thread never names a deleted answer.
		if err := s.lockThread(ctx, tx, threadID); err != nil {
			return err
		}
		if postID != 0 {
			var n int
			if err := s.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM posts WHERE id = ? AND thread_id = ? AND number > 1 AND deleted = 0`,
				postID, threadID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return forum.ErrNotFound
			}
		}
		if err := s.execOne(ctx, tx, `UPDATE threads SET accepted_post_id = ? WHERE id = ?`, postID, threadID); err != nil {
			return err
		}
		return s.touchThread(ctx, tx, threadID, ms(at))
	})
}

// SetRecommended marks or unmarks a live reply as recommended by staff;
// repeating either is harmless. Opening posts, missing and deleted posts,
// and posts of deleted threads are ErrNotFound.
func (s *Store) SetRecommended(ctx context.Context, postID, byUserID int64, on bool, at time.Time) error {
	return s.tx(ctx, fmt.Sprintf("recommend post %d", postID), func(tx *sql.Tx) error {
		p, err := s.lockPost(ctx, tx, postID)
		if err != nil {
			return err
		}
		if p.number == 1 {
			return forum.ErrNotFound
		}
		if p.recommended == on {
			return nil
		}
		want, delta := b2i(on), 1
		if !on {
			delta = -1
		}
		if err := s.execOne(ctx, tx, `UPDATE posts SET recommended = ?, recommended_by = ? WHERE id = ?`,
			want, byUserID*int64(want), postID); err != nil {
			return err
		}
		if err := s.execOne(ctx, tx, `UPDATE threads SET recommended = recommended + ? WHERE id = ?`, delta, p.threadID); err != nil {
			return err
		}
		return s.touchThread(ctx, tx, p.threadID, ms(at))
	})
}

// SetThreadFlags pins/unpins and locks/unlocks a thread.
func (s *Store) SetThreadFlags(ctx context.Context, threadID int64, pinned, locked bool) error {
	return s.tx(ctx, fmt.Sprintf("flag thread %d", threadID), func(tx *sql.Tx) error {
		return s.execOne(ctx, tx, `UPDATE threads SET pinned = ?, locked = ? WHERE id = ? AND deleted = 0`, b2i(pinned), b2i(locked), threadID)
	})
}

// AddViews adds buffered view counts in one transaction. Threads deleted
// meanwhile are skipped.
func (s *Store) AddViews(ctx context.Context, counts map[int64]int64) error {
	if len(counts) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	// A fixed order keeps concurrent flushes from different nodes from
	// deadlocking on PostgreSQL row locks.
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return s.tx(ctx, "flush views", func(tx *sql.Tx) error {
		for _, id := range ids {
			if err := s.exec(ctx, tx, `UPDATE threads SET view_count = view_count + ? WHERE id = ?`, counts[id], id); err != nil {
				return fmt.Errorf("thread %d: %w", id, err)
			}
		}
		return nil
	})
}

// BoostedBy reports which of the posts the user has boosted, in one query.
func (s *Store) BoostedBy(ctx context.Context, userID int64, postIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(postIDs) == 0 || userID == 0 {
		return out, nil
	}
	args := []any{userID}
	for _, id := range postIDs {
		args = append(args, id)
	}
	rows, err := s.query(ctx, (`SELECT post_id FROM boosts WHERE user_id = ? AND post_id IN (` + placeholders(len(postIDs)) + `)`), args...)
	if err != nil {
		return nil, fmt.Errorf("load boosts of user %d: %w", userID, s.classify(err))
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scan boost: %w", err)
		}
		out[id] = true
	}
	return out, s.classify(rows.Err())
}
