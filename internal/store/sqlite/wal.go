package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// WALPath is the write-ahead log of the database db has open, "" for an
// in-memory database or when it cannot be asked.
func WALPath(db *sql.DB) string {
	var file string
	if err := db.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil || file == "" {
		return ""
	}
	return file + "-wal"
}

// CheckpointTruncate folds the WAL into the database file and empties it,
// on conn (the writer connection). It waits for readers only briefly:
// writers queue behind a checkpoint, and the next round tries again, so
// a checkpoint that readers kept from finishing is an error.
func CheckpointTruncate(ctx context.Context, conn *sql.Conn) error {
	var timeout int
	if err := conn.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&timeout); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 250`); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA busy_timeout = %d`, timeout))
	var busy, logPages, done int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &done); err != nil {
		return err
	}
	if busy != 0 {
		return fmt.Errorf("readers kept it from finishing (%d of %d pages)", done, logPages)
	}
	return nil
}
