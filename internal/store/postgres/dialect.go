package postgres

import (
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/parley-forum/parley/internal/search"
	"github.com/parley-forum/parley/internal/store/seam"
)

// Dialect is the SQL that only PostgreSQL speaks, behind the store's
// dialect interface. Its twin is sqlite.Dialect; the two files read side
// by side. Methods run nothing themselves except through the seam.Exec
// they are given. Use one *Dialect per store: it caches rewritten queries.
type Dialect struct {
	rebound sync.Map // portable query text -> numbered
}

// Rebind numbers the ? placeholders of portable SQL ($1, $2, …), once
// per query text, so the rewrite costs nothing on hot paths.
func (d *Dialect) Rebind(query string) string {
	if v, ok := d.rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	out := b.String()
	d.rebound.Store(query, out)
	return out
}

// Classify tells what an error of this engine means (see errors.go).
func (*Dialect) Classify(err error) seam.Class { return Classify(err) }

// BatchesReplies is false: PostgreSQL has concurrent writers, so each
// reply commits in its own transaction.
func (*Dialect) BatchesReplies() bool { return false }

// CachesStatements is false: pgx caches prepared statements per
// connection itself.
func (*Dialect) CachesStatements() bool { return false }

// The search index (migration 0002) is a side table post_search (post_id,
// document) of weighted tsvectors under a GIN index: the thread title
// (opening posts only) with weight A, the post's text with weight B, both
// search.Fold(search.IndexText(…)) in the 'simple' configuration.

// document is the tsvector of a title and a text, two arguments.
const document = `setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B')`

// IndexMeta is empty: filters are plain SQL conditions here.
func (*Dialect) IndexMeta() string { return "''" }

// IndexPost writes a new post's row.
func (*Dialect) IndexPost(exec seam.Exec, postID int64, title, text string) error {
	return exec(`INSERT INTO post_search (post_id, document) VALUES (?,
			`+document+`)`, postID, search.Fold(search.IndexText(title)), search.Fold(search.IndexText(text)))
}

// UnindexPost removes a post's row; a post not indexed is fine.
func (*Dialect) UnindexPost(exec seam.Exec, postID int64) error {
	return exec(`DELETE FROM post_search WHERE post_id = ?`, postID)
}

// UnindexThread removes the rows of every post of a thread.
func (*Dialect) UnindexThread(exec seam.Exec, threadID int64) error {
	return exec(`DELETE FROM post_search WHERE post_id IN (SELECT id FROM posts WHERE thread_id = ?)`, threadID)
}

// IndexDocs replaces the rows of docs in multi-row statements.
func (*Dialect) IndexDocs(exec seam.Exec, docs []seam.Doc) error {
	ids := make([]any, len(docs))
	args := make([]any, 0, 3*len(docs))
	values := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
		args = append(args, d.ID, search.Fold(search.IndexText(d.Title)), search.Fold(search.IndexText(d.Text)))
		values[i] = `(?, ` + document + `)`
	}
	if err := exec(`DELETE FROM post_search WHERE post_id IN (`+seam.Placeholders(len(ids))+`)`, ids...); err != nil {
		return fmt.Errorf("clear index rows: %w", err)
	}
	if err := exec(`INSERT INTO post_search (post_id, document) VALUES `+strings.Join(values, ", "), args...); err != nil {
		return fmt.Errorf("write index rows: %w", err)
	}
	return nil
}

// ClearIndex empties the index.
func (*Dialect) ClearIndex(exec seam.Exec) error { return exec(`DELETE FROM post_search`) }

// IndexesTaxonomy is false: subtopic and tag filters stay SQL conditions.
func (*Dialect) IndexesTaxonomy() bool { return false }

// Match adds the FROM and match conditions of q's words and returns the
// text score and the order that walks the newest matches first. Title
// matches are lexemes of weight A, scored by ts_rank on those alone.
func (*Dialect) Match(b *seam.Builder, q search.Query, titleOnly bool, _ seam.Taxonomy) (score, order string) {
	include, exclude := q.MatchTSQuery()
	score = "0"
	if titleOnly {
		parts := make([]string, 0, len(q.Included()))
		for _, t := range q.Included() {
			if len(t.Phrases()) > 0 {
				parts = append(parts, titleTSQuery(t))
			}
		}
		include = strings.Join(parts, " & ")
		score = `ts_rank('{0, 0, 0, 1}', f.document, qq)`
	}
	b.From(` FROM post_search f CROSS JOIN to_tsquery('simple', ?) qq
		JOIN posts p ON p.id = f.post_id JOIN threads t ON t.id = p.thread_id`, include)
	b.Where(`f.document @@ qq`)
	if exclude != "" {
		b.Where(`NOT f.document @@ to_tsquery('simple', ?)`, exclude)
	}
	return score, "p.id DESC"
}

// ExcludeWords adds the condition that leaves out posts holding q's
// excluded words, for a search of filters without words.
func (*Dialect) ExcludeWords(b *seam.Builder, q search.Query) {
	if _, exclude := q.MatchTSQuery(); exclude != "" {
		b.Where(`p.id NOT IN (SELECT post_id FROM post_search WHERE document @@ to_tsquery('simple', ?))`, exclude)
	}
}

// SimilarTitles is the query of the store's SimilarThreads (arguments: the
// returned match, then the limit): the newest candidates titles that hold
// any of terms, best ts_rank first.
func (*Dialect) SimilarTitles(terms []search.Term, candidates int) (query, match string) {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		parts = append(parts, titleTSQuery(t))
	}
	query = `SELECT t.id, f.score FROM (SELECT f.post_id AS id, ts_rank(f.document, qq) AS score
				FROM post_search f CROSS JOIN to_tsquery('simple', ?) qq
				WHERE f.document @@ qq ORDER BY f.post_id DESC LIMIT ` + fmt.Sprint(candidates) + `) f
			JOIN posts p ON p.id = f.id JOIN threads t ON t.id = p.thread_id
			WHERE p.number = 1 AND t.deleted = 0
			ORDER BY f.score DESC, t.last_activity_at DESC, t.id DESC LIMIT ?`
	return query, strings.Join(parts, " | ")
}

// titleTSQuery renders a term like Term.TSQuery, restricted to lexemes
// with the title's weight (A).
func titleTSQuery(t search.Term) string {
	var alts []string
	for _, a := range t.Phrases() {
		q := make([]string, len(a))
		for i, tok := range a {
			q[i] = "'" + tok + "':A"
		}
		alts = append(alts, strings.Join(q, " <-> "))
	}
	return "(" + strings.Join(alts, " | ") + ")"
}

// OrderedJoin is CROSS JOIN, as on SQLite, though PostgreSQL has no such
// hint: its planner orders the tables of a CROSS JOIN with its conditions
// in WHERE like any inner join, by cost.
func (*Dialect) OrderedJoin() string { return "CROSS JOIN" }

// SyncIDs moves table's id sequence past its largest id, so the next row
// the forum inserts gets a fresh one after rows were written with ids
// chosen by the store (a bulk load, an import).
func (*Dialect) SyncIDs(exec seam.Exec, table string) error {
	return exec(`SELECT setval(pg_get_serial_sequence('` + table + `', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM ` + table)
}

// SnapshotTx makes a read transaction see one snapshot for every query.
func (*Dialect) SnapshotTx() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

// ByteOrder sorts a text column by its bytes whatever the database's
// collation.
func (*Dialect) ByteOrder(col string) string { return col + ` COLLATE "C"` }
