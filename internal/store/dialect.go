package store

import (
	"context"
	"database/sql"

	"github.com/parley-forum/parley/internal/search"
	"github.com/parley-forum/parley/internal/store/postgres"
	"github.com/parley-forum/parley/internal/store/seam"
	"github.com/parley-forum/parley/internal/store/sqlite"
)

// Kind names a database engine.
type Kind string

const (
	SQLite   Kind = "sqlite"
	Postgres Kind = "postgres"
)

// dialect is everything the engines do differently; the rest of this
// package is portable SQL (? placeholders, integer times and flags,
// ON CONFLICT, RETURNING) that runs unchanged on both. It is implemented
// once per engine, next to its driver: sqlite.Dialect and
// postgres.Dialect, two files to read side by side. An engine method
// never runs a statement except through the seam.Exec it is given, so the
// store keeps its statement cache and query count.
type dialect interface {
	// Rebind turns portable SQL into the engine's placeholder style.
	Rebind(query string) string
	// Classify tells what an engine error means (see classify).
	Classify(err error) seam.Class

	// The reply write path: whether concurrent replies share commits
	// (replyBatcher), and whether the store prepares and caches
	// statements itself (stmtCache) because the driver does not.
	BatchesReplies() bool
	CachesStatements() bool

	// Search index writes, in the caller's transaction.
	IndexPost(exec seam.Exec, postID int64, title, text string) error
	UnindexPost(exec seam.Exec, postID int64) error
	UnindexThread(exec seam.Exec, threadID int64) error
	// IndexMeta is SQL over posts p JOIN threads t selected as Doc.Meta.
	IndexMeta() string
	IndexDocs(exec seam.Exec, docs []seam.Doc) error
	ClearIndex(exec seam.Exec) error

	// Search queries: the full-text match, the excluded words of a
	// search without words, and SimilarThreads' title query.
	// IndexesTaxonomy reports that Match takes subtopic and tag filters
	// (seam.Taxonomy) into the match itself.
	IndexesTaxonomy() bool
	Match(b *seam.Builder, q search.Query, titleOnly bool, tax seam.Taxonomy) (score, order string)
	ExcludeWords(b *seam.Builder, q search.Query)
	SimilarTitles(terms []search.Term, candidates int) (query, match string)

	// OrderedJoin is the join keyword that keeps its left table as the
	// outer loop (list-table hint).
	OrderedJoin() string

	// Bulk loads, imports and exports.
	BeginBulkLoad(ctx context.Context, write *sql.DB, tables []string) (finish func(context.Context) error, err error)
	SyncIDs(exec seam.Exec, table string) error
	SnapshotTx() *sql.TxOptions
	ByteOrder(col string) string
}

var (
	_ dialect = sqlite.Dialect{}
	_ dialect = (*postgres.Dialect)(nil)
)

// execIn runs statements in tx through the statement cache.
func (s *Store) execIn(ctx context.Context, tx *sql.Tx) seam.Exec {
	return func(query string, args ...any) error { return s.exec(ctx, tx, query, args...) }
}

// execUnprepared runs statements of many shapes (multi-row writes) in tx
// without filling the statement cache.
func (s *Store) execUnprepared(ctx context.Context, tx *sql.Tx) seam.Exec {
	return func(query string, args ...any) error {
		_, err := tx.ExecContext(ctx, s.q(query), args...)
		return err
	}
}
