package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/search"
)

// The search index (see the 0002 migrations) holds one row per live post
// of a live thread in post_search, and on SQLite one row per live thread
// title in post_search_title, keyed by the opening post's id. Every write
// that changes what a post says, or whether it is live, updates both in
// the same transaction, so a search never finds a deleted post or misses a
// new one.

// reindexPost replaces an edited post's index row. title is the thread
// title for an opening post and "" for a reply.
func (s *Store) reindexPost(ctx context.Context, tx *sql.Tx, postID int64, title, text string) error {
	if err := s.unindexPost(ctx, tx, postID); err != nil {
		return err
	}
	return s.indexPost(ctx, tx, postID, title, text)
}

// indexPost writes a new post's index row (see reindexPost for the rest).
func (s *Store) indexPost(ctx context.Context, tx *sql.Tx, postID int64, title, text string) error {
	if d, ok := ctx.Value(deferredIndexKey{}).(*deferredIndex); ok {
		d.docs = append(d.docs, indexDoc{id: postID, title: title, text: text})
		return nil
	}
	var err error
	if s.eng.Dollar {
		err = s.exec(ctx, tx, `INSERT INTO post_search (post_id, document) VALUES (?,
			setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B'))`,
			postID, search.Fold(search.IndexText(title)), search.Fold(search.IndexText(text)))
	} else {
		err = s.exec(ctx, tx, `INSERT INTO post_search (rowid, title, body, meta)
			SELECT p.id, ?, ?, `+metaTokens+` FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = ?`,
			search.IndexText(title), search.IndexText(text), postID)
		if err == nil && title != "" {
			err = s.exec(ctx, tx, `INSERT INTO post_search_title (rowid, title, meta)
				SELECT p.id, ?, `+metaTokens+` FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = ?`,
				search.IndexText(title), postID)
		}
	}
	if err != nil {
		return fmt.Errorf("index post %d: %w", postID, err)
	}
	return nil
}

// metaTokens is the SQL (over posts p JOIN threads t) of SQLite's meta
// column: the thread's subtopic and tags as filter tokens (see filterToken).
const metaTokens = `'s' || t.subtopic_id || COALESCE((SELECT ' ' || group_concat('t' || tt.tag_id, ' ')
	FROM thread_tags tt WHERE tt.thread_id = t.id), '')`

// filterToken is the meta-column token of a subtopic ('s') or tag ('t').
func filterToken(kind byte, id int64) string { return fmt.Sprintf("%c%d", kind, id) }

// unindexPost removes one post from the index; a post not indexed is fine.
func (s *Store) unindexPost(ctx context.Context, tx *sql.Tx, postID int64) error {
	query := `DELETE FROM post_search WHERE rowid = ?`
	if s.eng.Dollar {
		query = `DELETE FROM post_search WHERE post_id = ?`
	}
	if err := s.exec(ctx, tx, query, postID); err != nil {
		return fmt.Errorf("unindex post %d: %w", postID, err)
	}
	if !s.eng.Dollar {
		if err := s.exec(ctx, tx, `DELETE FROM post_search_title WHERE rowid = ?`, postID); err != nil {
			return fmt.Errorf("unindex title of post %d: %w", postID, err)
		}
	}
	return nil
}

// unindexThread removes every post of a thread: a deleted thread's replies
// stay live rows but must not be found.
func (s *Store) unindexThread(ctx context.Context, tx *sql.Tx, threadID int64) error {
	query := `DELETE FROM post_search WHERE rowid IN (SELECT id FROM posts WHERE thread_id = ?)`
	if s.eng.Dollar {
		query = `DELETE FROM post_search WHERE post_id IN (SELECT id FROM posts WHERE thread_id = ?)`
	}
	if err := s.exec(ctx, tx, query, threadID); err != nil {
		return fmt.Errorf("unindex thread %d: %w", threadID, err)
	}
	if !s.eng.Dollar {
		if err := s.exec(ctx, tx, `DELETE FROM post_search_title WHERE rowid = (SELECT first_post_id FROM threads WHERE id = ?)`, threadID); err != nil {
			return fmt.Errorf("unindex title of thread %d: %w", threadID, err)
		}
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
	meta := "''"
	if !s.eng.Dollar {
		meta = metaTokens
	}
	query := `SELECT p.id, p.number, t.title, p.body_text, ` + meta + ` FROM posts p JOIN threads t ON t.id = p.thread_id
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
	var docs []indexDoc
	for rows.Next() {
		var d indexDoc
		var number int
		if err := rows.Scan(&d.id, &number, &d.title, &d.text, &d.meta); err != nil {
			rows.Close()
			return 0, fmt.Errorf("scan post to index: %w", err)
		}
		if number != 1 {
			d.title = ""
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("load posts to index: %w", err)
	}
	for start := 0; start < len(docs); start += indexBatch {
		chunk := docs[start:min(start+indexBatch, len(docs))]
		ids := make([]any, len(chunk))
		args := make([]any, 0, 3*len(chunk))
		values := make([]string, len(chunk))
		for i, d := range chunk {
			ids[i] = d.id
			if s.eng.Dollar {
				args = append(args, d.id, search.Fold(search.IndexText(d.title)), search.Fold(search.IndexText(d.text)))
				values[i] = `(?, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B'))`
			} else {
				args = append(args, d.id, search.IndexText(d.title), search.IndexText(d.text), d.meta)
				values[i] = `(?, ?, ?, ?)`
			}
		}
		del := `DELETE FROM post_search WHERE rowid IN (` + placeholders(len(ids)) + `)`
		ins := `INSERT INTO post_search (rowid, title, body, meta) VALUES ` + strings.Join(values, ", ")
		if s.eng.Dollar {
			del = `DELETE FROM post_search WHERE post_id IN (` + placeholders(len(ids)) + `)`
			ins = `INSERT INTO post_search (post_id, document) VALUES ` + strings.Join(values, ", ")
		}
		// Statements of many shapes: run unprepared rather than fill the
		// statement cache.
		if _, err := tx.ExecContext(ctx, s.q(del), ids...); err != nil {
			return 0, fmt.Errorf("clear index rows: %w", err)
		}
		if _, err := tx.ExecContext(ctx, s.q(ins), args...); err != nil {
			return 0, fmt.Errorf("write index rows: %w", err)
		}
		if !s.eng.Dollar {
			if err := s.indexTitles(ctx, tx, ids, chunk); err != nil {
				return 0, err
			}
		}
	}
	return len(docs), nil
}

// indexDoc is one post to index; title is "" for replies.
type indexDoc struct {
	id                int64
	title, text, meta string // meta: SQLite's filter tokens
}

// indexTitles writes SQLite's title rows for the opening posts among docs
// (ids holds the docs' ids), replacing any already there.
func (s *Store) indexTitles(ctx context.Context, tx *sql.Tx, ids []any, docs []indexDoc) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM post_search_title WHERE rowid IN (`+placeholders(len(ids))+`)`, ids...); err != nil {
		return fmt.Errorf("clear title rows: %w", err)
	}
	var values []string
	var args []any
	for _, d := range docs {
		if d.title != "" {
			values = append(values, "(?, ?, ?)")
			args = append(args, d.id, search.IndexText(d.title), d.meta)
		}
	}
	if len(values) == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO post_search_title (rowid, title, meta) VALUES `+strings.Join(values, ", "), args...); err != nil {
		return fmt.Errorf("write title rows: %w", err)
	}
	return nil
}

// rebuildChunk is how many posts one rebuild transaction covers, so the
// writer is never held for long and readers keep being served.
const rebuildChunk = 5000

// RebuildSearchIndex empties the search index and indexes every live post
// again, in transactions of rebuildChunk posts. progress, when not nil, is
// called after each with the number of posts indexed so far. Searches
// during a rebuild find only what has been indexed again.
func (s *Store) RebuildSearchIndex(ctx context.Context, progress func(done int64)) (int64, error) {
	// FTS5's delete-all drops the whole index at once; a DELETE would
	// record a tombstone per row.
	clear := []string{`INSERT INTO post_search (post_search) VALUES ('delete-all')`,
		`INSERT INTO post_search_title (post_search_title) VALUES ('delete-all')`}
	if s.eng.Dollar {
		clear = []string{`DELETE FROM post_search`}
	}
	if err := s.tx(ctx, "clear search index", func(tx *sql.Tx) error {
		for _, q := range clear {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
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
// savepoint, still inside its transaction (see writeReplies).
type deferredIndex struct{ docs []indexDoc }

type deferredIndexKey struct{}

// withDeferredIndex makes indexPost collect into d instead of writing.
func withDeferredIndex(ctx context.Context, d *deferredIndex) context.Context {
	return context.WithValue(ctx, deferredIndexKey{}, d)
}

// flush writes the collected rows.
func (d *deferredIndex) flush(ctx context.Context, s *Store, tx *sql.Tx) error {
	for _, doc := range d.docs {
		if err := s.indexPost(ctx, tx, doc.id, doc.title, doc.text); err != nil {
			return err
		}
	}
	return nil
}
