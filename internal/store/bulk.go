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

// BulkUsers inserts accounts in one transaction and sets their IDs.
func (s *Store) BulkUsers(ctx context.Context, users []*forum.User) error {
	return s.tx(ctx, "bulk users", func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.q(`INSERT INTO users (username, display_name, email, password_hash, role, title, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, u := range users {
			var email any
			if u.Email != "" {
				email = u.Email
			}
			if err := stmt.QueryRowContext(ctx, u.Username, u.DisplayName, email, u.PasswordHash, string(u.Role), u.Title, ms(u.CreatedAt)).Scan(&u.ID); err != nil {
				return fmt.Errorf("insert %s: %w", u.Username, err)
			}
		}
		return nil
	})
}

// BulkThreads inserts a batch of threads in one transaction with prepared
// statements. Counters are computed here from what is inserted, so they
// equal the rows exactly as the one-at-a-time writes keep them.
func (s *Store) BulkThreads(ctx context.Context, batch []BulkThread) error {
	return s.tx(ctx, "bulk threads", func(tx *sql.Tx) error {
		b, err := s.prepareBulk(ctx, tx)
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

type bulkStmts struct {
	insThread, post, revision, tag, boost, finish *sql.Stmt
}

func (s *Store) prepareBulk(ctx context.Context, tx *sql.Tx) (*bulkStmts, error) {
	var b bulkStmts
	var err error
	prep := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var st *sql.Stmt
		st, err = tx.PrepareContext(ctx, s.q(q))
		return st
	}
	b.insThread = prep(`INSERT INTO threads (subtopic_id, author_id, title, slug, excerpt, pinned, locked, created_at, last_activity_at, post_seq)
		VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, 0) RETURNING id`)
	b.post = prep(`INSERT INTO posts (thread_id, number, author_id, body_source, body_html, body_text, created_at, boost_count, recommended, recommended_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	b.revision = prep(`INSERT INTO revisions (post_id, number, title, body_source, editor_id, created_at) VALUES (?, 1, ?, ?, ?, ?)`)
	b.tag = prep(`INSERT INTO thread_tags (thread_id, tag_id) VALUES (?, ?)`)
	b.boost = prep(`INSERT INTO boosts (post_id, user_id, created_at) VALUES (?, ?, ?)`)
	b.finish = prep(`UPDATE threads SET first_post_id = ?, post_seq = ?, reply_count = ?, boost_count = ?, view_count = ?,
		accepted_post_id = ?, recommended = ?, solved = ?, last_activity_at = ? WHERE id = ?`)
	if err != nil {
		b.close()
		return nil, fmt.Errorf("prepare bulk statements: %w", err)
	}
	return &b, nil
}

func (b *bulkStmts) close() {
	for _, st := range []*sql.Stmt{b.insThread, b.post, b.revision, b.tag, b.boost, b.finish} {
		if st != nil {
			st.Close()
		}
	}
}

func (b *bulkStmts) addThread(ctx context.Context, bt *BulkThread) error {
	row := bt.Row
	created := ms(row.CreatedAt)
	var threadID int64
	if err := b.insThread.QueryRowContext(ctx, row.SubtopicID, row.AuthorID, row.Title, row.Slug, row.Excerpt, created, created).Scan(&threadID); err != nil {
		return fmt.Errorf("insert thread: %w", err)
	}
	firstID, err := b.insertPost(ctx, threadID, 1, row.AuthorID, row.Body, created, row.Title, bt.Boosters, false, 0)
	if err != nil {
		return err
	}
	for _, tg := range row.TagIDs {
		if _, err := b.tag.ExecContext(ctx, threadID, tg); err != nil {
			return fmt.Errorf("tag thread: %w", err)
		}
	}
	recommended := map[int]bool{}
	for _, i := range bt.Recommended {
		recommended[i] = true
	}
	last, accepted := created, int64(0)
	for i, r := range bt.Replies {
		at := ms(r.CreatedAt)
		id, err := b.insertPost(ctx, threadID, i+2, r.AuthorID, r.Body, at, "", r.Boosters, recommended[i], bt.RecommendBy)
		if err != nil {
			return err
		}
		if i == bt.Accepted {
			accepted = id
		}
		last = max(last, at)
	}
	solved := 0
	if accepted != 0 || len(recommended) > 0 {
		solved = 1
	}
	_, err = b.finish.ExecContext(ctx, firstID, len(bt.Replies)+1, len(bt.Replies), len(bt.Boosters), bt.Views,
		accepted, len(recommended), solved, last, threadID)
	return err
}

func (b *bulkStmts) insertPost(ctx context.Context, threadID int64, number int, author int64, body forum.RenderedBody, at int64, title string, boosters []int64, recommended bool, by int64) (int64, error) {
	rec, recBy := 0, int64(0)
	if recommended {
		rec, recBy = 1, by
	}
	var id int64
	if err := b.post.QueryRowContext(ctx, threadID, number, author, body.Source, body.HTML, body.Text, at, len(boosters), rec, recBy).Scan(&id); err != nil {
		return 0, fmt.Errorf("insert post: %w", err)
	}
	if _, err := b.revision.ExecContext(ctx, id, title, body.Source, author, at); err != nil {
		return 0, fmt.Errorf("insert revision: %w", err)
	}
	for _, u := range boosters {
		if _, err := b.boost.ExecContext(ctx, id, u, at); err != nil {
			return 0, fmt.Errorf("insert boost: %w", err)
		}
	}
	return id, nil
}
