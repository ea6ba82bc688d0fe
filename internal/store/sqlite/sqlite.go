// Package sqlite opens parley's embedded database: modernc.org/sqlite (pure
// Go, FTS5 built in) in WAL mode, with a pool of readers and exactly one
// writer connection so write transactions queue in Go rather than fail with
// SQLITE_BUSY. Dialect (dialect.go, errors.go, bulkload.go) is the SQL only
// SQLite speaks. It imports its driver, the search leaf and store/seam.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations holds the numbered schema steps for SQLite.
var Migrations, _ = fs.Sub(migrationFiles, "migrations")

// DB is a reader pool and a single-connection writer on one file.
type DB struct {
	Read, Write *sql.DB
}

// Open opens (creating if needed) the database file at path.
func Open(ctx context.Context, path string, readers int) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: create data folder: %w", err)
		}
	}
	if readers <= 0 {
		readers = max(4, 2*runtime.GOMAXPROCS(0))
	}
	pragmas := "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(1)&_pragma=cache_size(-8000)&_pragma=temp_store(MEMORY)" +
		// When a checkpoint resets the WAL, cut its file back to this size
		// (8 MiB); without it the file keeps its largest size for good.
		"&_pragma=journal_size_limit(8388608)"
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	write, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	return &DB{Read: read, Write: write}, nil
}

// Backup writes a consistent snapshot of the live database to path using
// VACUUM INTO, which reads one transaction's view while writers continue.
func Backup(ctx context.Context, db *sql.DB, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("sqlite: backup: %s already exists", path)
	}
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("sqlite: backup to %s: %w", path, err)
	}
	return nil
}
