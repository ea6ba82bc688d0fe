package sqlite

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/search"
	"github.com/parley-forum/parley/internal/store/seam"
)

// Dialect is the SQL that only SQLite speaks, behind the store's dialect
// interface. Its twin is postgres.Dialect; the two files read side by
// side. Methods run nothing themselves except through the seam.Exec they
// are given, so every statement still goes through the store's statement
// cache and query count.
type Dialect struct{}

// Rebind returns query as it is: SQLite reads ? placeholders.
func (Dialect) Rebind(query string) string { return query }

// Classify tells what an error of this engine means (see errors.go).
func (Dialect) Classify(err error) seam.Class { return Classify(err) }

// BatchesReplies is true: the one writer connection commits one
// transaction at a time, so concurrent replies share commits (the store's
// replyBatcher).
func (Dialect) BatchesReplies() bool { return true }

// CachesStatements is true: parsing is a large part of a short query's
// cost here and the driver keeps no cache, so the store prepares once.
func (Dialect) CachesStatements() bool { return true }

// The search index (migration 0002) is two contentless FTS5 tables keyed
// by posts.id: post_search (title, body, meta) for every live post and
// post_search_title (title, meta) for opening posts. meta carries the
// thread's subtopic and tags as tokens, so filters join the match.

// metaTokens is the SQL (over posts p JOIN threads t) of the meta column:
// the thread's subtopic and tags as filter tokens (see filterToken).
const metaTokens = `'s' || t.subtopic_id || COALESCE((SELECT ' ' || group_concat('t' || tt.tag_id, ' ')
	FROM thread_tags tt WHERE tt.thread_id = t.id), '')`

// filterToken is the meta-column token of a subtopic ('s') or tag ('t').
func filterToken(kind byte, id int64) string { return fmt.Sprintf("%c%d", kind, id) }

// IndexMeta is the meta column, selected over posts p JOIN threads t.
func (Dialect) IndexMeta() string { return metaTokens }

// IndexPost writes a new post's rows; the meta tokens are read from the
// post's thread, whose tags are already written.
func (Dialect) IndexPost(exec seam.Exec, postID int64, title, text string) error {
	if err := exec(`INSERT INTO post_search (rowid, title, body, meta)
			SELECT p.id, ?, ?, `+metaTokens+` FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = ?`,
		search.IndexText(title), search.IndexText(text), postID); err != nil || title == "" {
		return err
	}
	return exec(`INSERT INTO post_search_title (rowid, title, meta)
			SELECT p.id, ?, `+metaTokens+` FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = ?`,
		search.IndexText(title), postID)
}

// UnindexPost removes a post's rows; a post not indexed is fine.
func (Dialect) UnindexPost(exec seam.Exec, postID int64) error {
	if err := exec(`DELETE FROM post_search WHERE rowid = ?`, postID); err != nil {
		return err
	}
	return exec(`DELETE FROM post_search_title WHERE rowid = ?`, postID)
}

// UnindexThread removes the rows of every post of a thread.
func (Dialect) UnindexThread(exec seam.Exec, threadID int64) error {
	if err := exec(`DELETE FROM post_search WHERE rowid IN (SELECT id FROM posts WHERE thread_id = ?)`, threadID); err != nil {
		return err
	}
	return exec(`DELETE FROM post_search_title WHERE rowid = (SELECT first_post_id FROM threads WHERE id = ?)`, threadID)
}

// IndexDocs replaces the rows of docs in multi-row statements.
func (Dialect) IndexDocs(exec seam.Exec, docs []seam.Doc) error {
	ids := make([]any, len(docs))
	args := make([]any, 0, 4*len(docs))
	values := make([]string, len(docs))
	var titleValues []string
	var titleArgs []any
	for i, d := range docs {
		ids[i] = d.ID
		args = append(args, d.ID, search.IndexText(d.Title), search.IndexText(d.Text), d.Meta)
		values[i] = `(?, ?, ?, ?)`
		if d.Title != "" {
			titleValues = append(titleValues, "(?, ?, ?)")
			titleArgs = append(titleArgs, d.ID, search.IndexText(d.Title), d.Meta)
		}
	}
	if err := exec(`DELETE FROM post_search WHERE rowid IN (`+seam.Placeholders(len(ids))+`)`, ids...); err != nil {
		return fmt.Errorf("clear index rows: %w", err)
	}
	if err := exec(`INSERT INTO post_search (rowid, title, body, meta) VALUES `+strings.Join(values, ", "), args...); err != nil {
		return fmt.Errorf("write index rows: %w", err)
	}
	if err := exec(`DELETE FROM post_search_title WHERE rowid IN (`+seam.Placeholders(len(ids))+`)`, ids...); err != nil {
		return fmt.Errorf("clear title rows: %w", err)
	}
	if len(titleValues) == 0 {
		return nil
	}
	if err := exec(`INSERT INTO post_search_title (rowid, title, meta) VALUES `+strings.Join(titleValues, ", "), titleArgs...); err != nil {
		return fmt.Errorf("write title rows: %w", err)
	}
	return nil
}

// ClearIndex empties the index. FTS5's delete-all drops it at once; a
// DELETE would record a tombstone per row.
func (Dialect) ClearIndex(exec seam.Exec) error {
	if err := exec(`INSERT INTO post_search (post_search) VALUES ('delete-all')`); err != nil {
		return err
	}
	return exec(`INSERT INTO post_search_title (post_search_title) VALUES ('delete-all')`)
}

// IndexesTaxonomy is true: subtopic and tag filters are tokens of meta.
func (Dialect) IndexesTaxonomy() bool { return true }

// Match adds the FROM and match conditions of q's words and returns the
// text score and the order that walks the index newest first. All matches
// come from post_search, whose excluded words join the match as NOT, which
// FTS5 evaluates as it walks; title matches come from post_search_title,
// scored by bm25 (the store asks for them only without exclusions). The
// subtopic and tags of tax match their tokens in meta, so FTS5 intersects
// them with the words while walking.
func (Dialect) Match(b *seam.Builder, q search.Query, titleOnly bool, tax seam.Taxonomy) (score, order string) {
	include, exclude := q.MatchFTS5()
	var meta string
	if tax.SubtopicID != 0 {
		meta += " AND (meta : " + filterToken('s', tax.SubtopicID) + ")"
	}
	for _, id := range tax.TagIDs {
		meta += " AND (meta : " + filterToken('t', id) + ")"
	}
	if titleOnly {
		b.From(` FROM post_search_title JOIN posts p ON p.id = post_search_title.rowid JOIN threads t ON t.id = p.thread_id`)
		b.Where(`post_search_title MATCH ?`, "({title} : ("+include+"))"+meta)
		// meta weighs nothing: every candidate carries the same filter tokens.
		return `-bm25(post_search_title, 1.0, 0.0)`, "post_search_title.rowid DESC"
	}
	match := "({title body} : (" + include + "))" + meta
	if exclude != "" {
		match += " NOT ({title body} : (" + exclude + "))"
	}
	b.From(` FROM post_search JOIN posts p ON p.id = post_search.rowid JOIN threads t ON t.id = p.thread_id`)
	b.Where(`post_search MATCH ?`, match)
	return "0", "post_search.rowid DESC"
}

// ExcludeWords adds the condition that leaves out posts holding q's
// excluded words, for a search of filters without words.
func (Dialect) ExcludeWords(b *seam.Builder, q search.Query) {
	if _, exclude := q.MatchFTS5(); exclude != "" {
		b.Where(`p.id NOT IN (SELECT rowid FROM post_search WHERE post_search MATCH ?)`, exclude)
	}
}

// SimilarTitles is the query of the store's SimilarThreads (arguments: the
// returned match, then the limit): the newest candidates titles that hold
// any of terms, best bm25 first.
func (Dialect) SimilarTitles(terms []search.Term, candidates int) (query, match string) {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		parts = append(parts, t.FTS5())
	}
	query = `SELECT t.id, f.score FROM (SELECT rowid AS id, -bm25(post_search_title, 1.0, 0.0) AS score
				FROM post_search_title WHERE post_search_title MATCH ? ORDER BY rowid DESC LIMIT ` + fmt.Sprint(candidates) + `) f
			JOIN posts p ON p.id = f.id JOIN threads t ON t.id = p.thread_id
			WHERE p.number = 1 AND t.deleted = 0
			ORDER BY f.score DESC, t.last_activity_at DESC, t.id DESC LIMIT ?`
	return query, "{title} : (" + strings.Join(parts, " OR ") + ")"
}

// OrderedJoin is the join that keeps its left table as the outer loop:
// SQLite never reorders the tables of a CROSS JOIN, so a list walks its
// sort index and the LIMIT stops it early.
func (Dialect) OrderedJoin() string { return "CROSS JOIN" }

// SyncIDs does nothing: an INTEGER PRIMARY KEY follows the largest id by
// itself.
func (Dialect) SyncIDs(seam.Exec, string) error { return nil }

// SnapshotTx is nil: a read transaction already sees one snapshot of the WAL.
func (Dialect) SnapshotTx() *sql.TxOptions { return nil }

// ByteOrder is col: SQLite compares text by its bytes (BINARY) already.
func (Dialect) ByteOrder(col string) string { return col }
