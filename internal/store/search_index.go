package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/parley-forum/parley/internal/store/seam"
)

// The search index (see the 0002 migrations) holds one row per live post
// of a live thread in post_search, and on SQLite one row per live thread
// title in post_search_title, keyed by the opening post's id; the SQL of
// each engine is its dialect's (store/sqlite, store/postgres). Every write
// that changes what a post says, or whether it is live, updates both in
// the same transaction, so a search never finds a deleted post or misses a
// new one.

// reindexPost replaces an edited post's index row. title is the thread
// title for an opening post and "" for a reply.
func (s *Store) reindexPost(ctx context.Context, tx *sql.Tx, postID int64, title, text string) error {
	if err := s.unindexPost(ctx, tx, postID); err != nil {
		return err
	}
	return s.indexPost(ctx, tx, postID, title, text, nil)
}

// indexPost writes a new post's index row (see reindexPost for the rest),
// or, when later is not nil, adds it to later for the batch to write.
func (s *Store) indexPost(ctx context.Context, tx *sql.Tx, postID int64, title, text string, later *deferredIndex) error {
	if later != nil {
		later.docs = append(later.docs, seam.Doc{ID: postID, Title: title, Text: text})
		return nil
	}
	if err := s.d.IndexPost(s.execIn(ctx, tx), postID, title, text); err != nil {
		return fmt.Errorf("index post %d: %w", postID, err)
	}
	return nil
}

// unindexPost removes one post from the index; a post not indexed is fine.
func (s *Store) unindexPost(ctx context.Context, tx *sql.Tx, postID int64) error {
	if err := s.d.UnindexPost(s.execIn(ctx, tx), postID); err != nil {
		return fmt.Errorf("unindex post %d: %w", postID, err)
	}
	return nil
}

// unindexThread removes every post of a thread: a deleted thread's replies
// stay live rows but must not be found.
func (s *Store) unindexThread(ctx context.Context, tx *sql.Tx, threadID int64) error {
	if err := s.d.UnindexThread(s.execIn(ctx, tx), threadID); err != nil {
		return fmt.Errorf("unindex thread %d: %w", threadID, err)
	}
	return nil
}

// maxPostID is where a bulk load starts: indexPostsAfter(maxPostID())
// afterwards indexes exactly what the load inserted.
func (s *Store) maxPostID(ctx context.Context, tx *sql.Tx) (int64, error) {
	var id int64
	if err := s.txQueryRow(ctx, tx, `SELECT COALESCE(MAX(id), 0) FROM posts`).Scan(&id); err != nil {
		return 0, fmt.Errorf("find newest post: %w", err)
	}
	return id, nil
}

// indexBatch is how many posts one index statement writes.
const indexBatch = 200

// indexPostsAfter indexes the live posts with ids in (after, upTo] (upTo 0
// means no bound) in multi-row statements, and returns how many it
// indexed. Rows already indexed are replaced.
func (s *Store) indexPostsAfter(ctx context.Context, tx *sql.Tx, after, upTo int64) (int, error) {
	query := `SELECT p.id, p.number, t.title, p.body_text, ` + s.d.IndexMeta() + ` FROM posts p JOIN threads t ON t.id = p.thread_id
		WHERE p.id > ? AND p.deleted = 0 AND t.deleted = 0`
	args := []any{after}
	if upTo > 0 {
		query += ` AND p.id <= ?`
		args = append(args, upTo)
	}
	rows, err := tx.QueryContext(ctx, s.q(query+` ORDER BY p.id`), args...)
	if err != nil {
		return 0, fmt.Errorf("load posts to index: %w", err)
	}
	var docs []seam.Doc
	for rows.Next() {
		var d seam.Doc
		var number int
		if err := rows.Scan(&d.ID, &number, &d.Title, &d.Text, &d.Meta); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan post to index: %w", err)
		}
		if number != 1 {
			d.Title = ""
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("load posts to index: %w", err)
	}
	// Statements of many shapes: run unprepared rather than fill the
	// statement cache.
	exec := s.execUnprepared(ctx, tx)
	for start := 0; start < len(docs); start += indexBatch {
		if err := s.d.IndexDocs(exec, docs[start:min(start+indexBatch, len(docs))]); err != nil {
			return 0, err
		}
	}
	return len(docs), nil
}

// rebuildChunk is how many posts one rebuild transaction covers, so the
// writer is never held for long and readers keep being served.
const rebuildChunk = 5000

// RebuildSearchIndex empties the search index and indexes every live post
// again, in transactions of rebuildChunk posts. progress, when not nil, is
// called after each with the number of posts indexed so far. Searches
// during a rebuild find only what has been indexed again.
func (s *Store) RebuildSearchIndex(ctx context.Context, progress func(done int64)) (int64, error) {
	if err := s.tx(ctx, "clear search index", func(tx *sql.Tx) error {
		return s.d.ClearIndex(s.execUnprepared(ctx, tx))
	}); err != nil {
		return 0, err
	}
	var done int64
	var after int64
	for {
		var upTo int64
		if err := s.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM (SELECT id FROM posts WHERE id > ? ORDER BY id LIMIT ?) x`,
			after, rebuildChunk).Scan(&upTo); err != nil {
			return done, fmt.Errorf("rebuild search index: %w", s.classify(err))
		}
		if upTo == 0 {
			return done, nil
		}
		err := s.tx(ctx, "rebuild search index", func(tx *sql.Tx) error {
			n, err := s.indexPostsAfter(ctx, tx, after, upTo)
			done += int64(n)
			return err
		})
		if err != nil {
			return done, err
		}
		after = upTo
		if progress != nil {
			progress(done)
		}
	}
}

// deferredIndex collects the index rows of a batch of replies written in
// savepoints. FTS5 flushes its pending terms to a new segment at every
// savepoint release, and merging those one-reply segments cost more than
// the replies themselves; so the batch indexes its posts after the last
// savepoint, still inside its transaction (see writeReplies). The batch
// hands it down to indexPost explicitly.
type deferredIndex struct{ docs []seam.Doc }

// flush writes the collected rows.
func (d *deferredIndex) flush(ctx context.Context, s *Store, tx *sql.Tx) error {
	for _, doc := range d.docs {
		if err := s.indexPost(ctx, tx, doc.ID, doc.Title, doc.Text, nil); err != nil {
			return err
		}
	}
	return nil
}
