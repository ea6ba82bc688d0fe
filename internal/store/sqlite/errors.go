package sqlite

import (
	"database/sql"
	"database/sql/driver"
	"errors"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/parley-forum/parley/internal/store/seam"
)

// Classify tells what an error from this engine means to the store:
//
//   - a UNIQUE or PRIMARY KEY failure is a Conflict;
//   - "database is locked" (a write that waited out busy_timeout behind
//     another process), a table lock, and memory running out are
//     Unavailable: the request may succeed if retried;
//   - "database or disk is full" (SQLITE_FULL, also what max_page_count
//     reports) and I/O errors of every kind (SQLITE_IOERR_WRITE, _FSYNC,
//     _SHORT_READ, …, the storage failing under the file) are a
//     StorageFault: writes fail until someone frees space or fixes the
//     disk;
//   - anything else (a bad query, corruption) is Other and stays loud.
func Classify(err error) seam.Class {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return classifyCode(e.Code())
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) {
		return seam.Unavailable
	}
	return seam.Other
}

// classifyCode is Classify for an (extended) SQLite result code.
func classifyCode(code int) seam.Class {
	switch {
	case code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return seam.Conflict
	case code == sqlite3.SQLITE_IOERR_NOMEM:
		return seam.Unavailable
	}
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOMEM:
		return seam.Unavailable
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR:
		return seam.StorageFault
	}
	return seam.Other
}

// IsUniqueViolation reports a UNIQUE or PRIMARY KEY constraint failure.
func IsUniqueViolation(err error) bool { return Classify(err) == seam.Conflict }
