package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/parley-forum/parley/internal/store/seam"
)

// TestClassifyCodes: what each SQLite result code means to the store.
// Storage failures (a full disk, I/O errors) are a StorageFault, so the
// forum answers 503 and reports not ready instead of 500; a bad query or
// corruption stays Other, loud.
func TestClassifyCodes(t *testing.T) {
	for _, c := range []struct {
		name string
		code int
		want seam.Class
	}{
		{"unique", sqlite3.SQLITE_CONSTRAINT_UNIQUE, seam.Conflict},
		{"primary key", sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, seam.Conflict},
		{"not null", sqlite3.SQLITE_CONSTRAINT_NOTNULL, seam.Other},
		{"foreign key", sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, seam.Other},
		{"busy", sqlite3.SQLITE_BUSY, seam.Unavailable},
		{"busy snapshot", sqlite3.SQLITE_BUSY_SNAPSHOT, seam.Unavailable},
		{"locked", sqlite3.SQLITE_LOCKED, seam.Unavailable},
		{"locked shared cache", sqlite3.SQLITE_LOCKED_SHAREDCACHE, seam.Unavailable},
		{"out of memory", sqlite3.SQLITE_NOMEM, seam.Unavailable},
		{"I/O out of memory", sqlite3.SQLITE_IOERR_NOMEM, seam.Unavailable},
		{"database or disk is full", sqlite3.SQLITE_FULL, seam.StorageFault},
		{"I/O error", sqlite3.SQLITE_IOERR, seam.StorageFault},
		{"write failed", sqlite3.SQLITE_IOERR_WRITE, seam.StorageFault},
		{"fsync failed", sqlite3.SQLITE_IOERR_FSYNC, seam.StorageFault},
		{"short read", sqlite3.SQLITE_IOERR_SHORT_READ, seam.StorageFault},
		{"read failed", sqlite3.SQLITE_IOERR_READ, seam.StorageFault},
		{"truncate failed", sqlite3.SQLITE_IOERR_TRUNCATE, seam.StorageFault},
		{"shared memory size", sqlite3.SQLITE_IOERR_SHMSIZE, seam.StorageFault},
		{"file system corrupt", sqlite3.SQLITE_IOERR_CORRUPTFS, seam.StorageFault},
		{"corrupt database", sqlite3.SQLITE_CORRUPT, seam.Other},
		{"read-only", sqlite3.SQLITE_READONLY, seam.Other},
		{"cannot open", sqlite3.SQLITE_CANTOPEN, seam.Other},
		{"misuse", sqlite3.SQLITE_MISUSE, seam.Other},
	} {
		if got := classifyCode(c.code); got != c.want {
			t.Errorf("%s (%d): %v, want %v", c.name, c.code, got, c.want)
		}
	}
	for _, c := range []struct {
		err  error
		want seam.Class
	}{
		{errors.New("no such table: x"), seam.Other},
		{fmt.Errorf("query: %w", driver.ErrBadConn), seam.Unavailable},
		{sql.ErrConnDone, seam.Unavailable},
	} {
		if got := Classify(c.err); got != c.want {
			t.Errorf("Classify(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// TestClassifyRealErrors classifies errors the engine really returns: a
// database that may not grow (max_page_count, which fails exactly as a
// full disk does, with SQLITE_FULL) and a duplicate key.
func TestClassifyRealErrors(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "full.db"), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Read.Close()
	defer db.Write.Close()
	if _, err := db.Write.ExecContext(ctx, `CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Write.ExecContext(ctx, `INSERT INTO t VALUES ('a', '')`); err != nil {
		t.Fatal(err)
	}
	_, err = db.Write.ExecContext(ctx, `INSERT INTO t VALUES ('a', '')`)
	if got := Classify(err); got != seam.Conflict {
		t.Errorf("duplicate key %v: %v, want conflict", err, got)
	}
	if _, err := db.Write.ExecContext(ctx, `PRAGMA max_page_count = 1`); err != nil {
		t.Fatal(err)
	}
	_, err = db.Write.ExecContext(ctx, `INSERT INTO t VALUES ('b', ?)`, strings.Repeat("x", 64<<10))
	if err == nil || !strings.Contains(err.Error(), "full") {
		t.Fatalf("insert beyond max_page_count: %v, want database or disk is full", err)
	}
	if got := Classify(fmt.Errorf("insert: %w", err)); got != seam.StorageFault {
		t.Errorf("%v: %v, want storage fault", err, got)
	}
}
