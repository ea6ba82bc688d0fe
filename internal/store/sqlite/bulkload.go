package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/parley-forum/parley/internal/store/seam"
)

// BeginBulkLoad prepares the database behind db, the one writer
// connection, for loading many rows: it turns off foreign-key checks and
// fsync, enlarges the page cache and checkpoints less often, and it drops
// the secondary indexes of tables. The returned finish builds the indexes
// again, each in one sorted pass, restores the normal settings and
// checkpoints the WAL; it must run even when the load fails, and the load
// must run on an empty database with no other writer. Unique constraints
// stay: they are what keeps the load honest. The journal stays in WAL mode
// throughout.
func (Dialect) BeginBulkLoad(ctx context.Context, db *sql.DB, tables []string) (finish func(context.Context) error, err error) {
	type index struct{ name, sql string }
	var indexes []index
	names := make([]any, len(tables))
	for i, t := range tables {
		names[i] = t
	}
	rows, err := db.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (`+seam.Placeholders(len(names))+`)`, names...)
	if err != nil {
		return nil, fmt.Errorf("bulk load: list indexes: %w", err)
	}
	for rows.Next() {
		var ix index
		if err := rows.Scan(&ix.name, &ix.sql); err != nil {
			rows.Close()
			return nil, fmt.Errorf("bulk load: list indexes: %w", err)
		}
		indexes = append(indexes, ix)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("bulk load: list indexes: %w", err)
	}
	exec := func(ctx context.Context, stmts ...string) error {
		for _, q := range stmts {
			if _, err := db.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("bulk load: %s: %w", q, err)
			}
		}
		return nil
	}
	// The search index collects new terms in memory and writes them out as
	// a segment whenever hashsize bytes are pending; each segment must later
	// be merged. With a large buffer a batch becomes one segment instead of
	// dozens, which saves most of the merging during a load.
	var fts bool
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) > 0 FROM sqlite_master WHERE name = 'post_search'`).Scan(&fts); err != nil {
		return nil, fmt.Errorf("bulk load: find the search index: %w", err)
	}
	hashsize := int64(1 << 20) // FTS5's default when the table does not set it
	if fts {
		err := db.QueryRowContext(ctx, `SELECT v FROM post_search_config WHERE k = 'hashsize'`).Scan(&hashsize)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("bulk load: read the search index's settings: %w", err)
		}
	}
	setHashsize := func(ctx context.Context, n int64) error {
		if !fts {
			return nil
		}
		return exec(ctx, fmt.Sprintf(`INSERT INTO post_search (post_search, rank) VALUES ('hashsize', %d)`, n))
	}
	finish = func(ctx context.Context) error {
		if err := setHashsize(ctx, hashsize); err != nil {
			return err
		}
		for _, ix := range indexes {
			// IF NOT EXISTS: finish also runs after a drop that failed midway.
			q := strings.Replace(ix.sql, "INDEX ", "INDEX IF NOT EXISTS ", 1)
			if err := exec(ctx, q); err != nil {
				return err
			}
		}
		// The values of Open's connection string.
		return exec(ctx, "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -8000",
			"PRAGMA wal_autocheckpoint = 1000", "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA optimize")
	}
	if err := exec(ctx, "PRAGMA foreign_keys = OFF", "PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144",
		"PRAGMA wal_autocheckpoint = 20000"); err != nil {
		return nil, err
	}
	if err := setHashsize(ctx, 64<<20); err != nil {
		return nil, err
	}
	for _, ix := range indexes {
		if err := exec(ctx, "DROP INDEX "+ix.name); err != nil {
			_ = finish(ctx)
			return nil, err
		}
	}
	return finish, nil
}
