package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// BulkThread is a thread with its replies and signals, for loading a
// synthetic community quickly. The opening post's body is Row.Body.
type BulkThread struct {
	Row         forum.NewThreadRow
	Replies     []BulkReply
	Boosters    []int64 // users boosting the opening post
	Views       int64
	Accepted    int   // index into Replies of the accepted answer, or -1
	Recommended []int // indexes into Replies recommended by RecommendedBy
	RecommendBy int64
}

// BulkReply is one reply of a BulkThread.
type BulkReply struct {
	AuthorID  int64
	Body      forum.RenderedBody
	CreatedAt time.Time
	Boosters  []int64
}

// BulkUsers inserts accounts in one transaction and sets their IDs. Their
// addresses count as confirmed (seeded communities: the demo, benchmarks).
func (s *Store) BulkUsers(ctx context.Context, users []*forum.User) error {
	return s.tx(ctx, "bulk users", func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.q(`INSERT INTO users (username, display_name, email, password_hash, role, title, created_at, email_verified_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, u := range users {
			var email any
			if u.Email != "" {
				email = u.Email
			}
			if err := stmt.QueryRowContext(ctx, u.Username, u.DisplayName, email, u.PasswordHash, string(u.Role), u.Title, ms(u.CreatedAt), ms(u.CreatedAt)).Scan(&u.ID); err != nil {
				return fmt.Errorf("insert %s: %w", u.Username, err)
			}
		}
		return nil
	})
}

// BulkThreads inserts a batch of threads in one transaction with
// multi-row statements (see bulkWriter); no other writer may run meanwhile. Counters are computed here from what is inserted, so they
// equal the rows exactly as the one-at-a-time writes keep them.
func (s *Store) BulkThreads(ctx context.Context, batch []BulkThread) error {
	return s.tx(ctx, "bulk threads", func(tx *sql.Tx) error {
		indexFrom, err := s.maxPostID(ctx, tx)
		if err != nil {
			return err
		}
		b, err := s.newBulkWriter(ctx, tx, indexFrom)
		if err != nil {
			return err
		}
		defer b.close()
		subDelta, tagDelta := map[int64]int{}, map[int64]int{}
		userThreads, userReplies := map[int64]int{}, map[int64]int{}
		for i := range batch {
			if err := b.addThread(ctx, &batch[i]); err != nil {
				return err
			}
			bt := &batch[i]
			subDelta[bt.Row.SubtopicID]++
			userThreads[bt.Row.AuthorID]++
			for _, tg := range bt.Row.TagIDs {
				tagDelta[tg]++
			}
			for _, r := range bt.Replies {
				userReplies[r.AuthorID]++
			}
		}
		if err := b.finish(ctx); err != nil {
			return err
		}
		if _, err := s.indexPostsAfter(ctx, tx, indexFrom, 0); err != nil {
			return err
		}
		for id, n := range subDelta {
			if err := s.exec(ctx, tx, `UPDATE subtopics SET thread_count = thread_count + ? WHERE id = ?`, n, id); err != nil {
				return err
			}
		}
		for id, n := range tagDelta {
			if err := s.exec(ctx, tx, `UPDATE tags SET thread_count = thread_count + ? WHERE id = ?`, n, id); err != nil {
				return err
			}
		}
		for id, n := range userThreads {
			if err := s.exec(ctx, tx, `UPDATE users SET thread_count = thread_count + ? WHERE id = ?`, n, id); err != nil {
				return err
			}
		}
		for id, n := range userReplies {
			if err := s.exec(ctx, tx, `UPDATE users SET reply_count = reply_count + ? WHERE id = ?`, n, id); err != nil {
				return err
			}
		}
		return nil
	})
}
