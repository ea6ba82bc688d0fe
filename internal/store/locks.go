package store

import (
	"context"
	"database/sql"

	"github.com/parley-forum/parley/internal/forum"
)

// Writes that read a thread's rows and then change its counters start by
// locking the thread's row. SQLite's single writer already runs one write
// at a time; on PostgreSQL (READ COMMITTED) the lock makes the writers of
// one thread take turns, so what a writer reads — whether a reply is
// recommended, the newest revision, the live replies of a deleted thread —
// cannot change before it commits, and the counters it derives stay equal
// to the rows.
//
// Every transaction takes its locks in one order, so none can wait on
// another in a cycle (PostgreSQL would abort one as a deadlock):
//
//	the thread → its posts → boosts, revisions → tags, subtopics, users
//
// and several rows of one table in ascending id order (AddViews, the
// counters a thread deletion lowers).

// lockThread locks a live thread's row for the rest of the transaction.
// A missing or deleted thread is ErrNotFound.
func (s *Store) lockThread(ctx context.Context, tx *sql.Tx, threadID int64) error {
	return s.execOne(ctx, tx, `UPDATE threads SET post_seq = post_seq WHERE id = ? AND deleted = 0`, threadID)
}

// livePost is what a write needs to know about the post it changes.
type livePost struct {
	threadID, authorID int64
	number             int
	recommended        bool
	revisions          int
}

// lockPost locks the thread of a post, then reads the post. Missing and
// deleted posts, and posts of deleted threads, are ErrNotFound.
func (s *Store) lockPost(ctx context.Context, tx *sql.Tx, postID int64) (livePost, error) {
	var p livePost
	// A post never moves, so its thread may be read before the lock.
	if err := s.txQueryRow(ctx, tx, `SELECT thread_id FROM posts WHERE id = ?`, postID).Scan(&p.threadID); err != nil {
		return p, err
	}
	if err := s.lockThread(ctx, tx, p.threadID); err != nil {
		return p, err
	}
	var recommended, deleted int
	if err := s.txQueryRow(ctx, tx, `SELECT author_id, number, recommended, revision_count, deleted FROM posts WHERE id = ?`, postID).
		Scan(&p.authorID, &p.number, &recommended, &p.revisions, &deleted); err != nil {
		return p, err
	}
	if deleted == 1 {
		return p, forum.ErrNotFound
	}
	p.recommended = recommended == 1
	return p, nil
}
