package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store/postgres"
)

// Errors that mean "the database cannot serve right now" — as opposed to
// a wrong query or bad data — become forum.ErrUnavailable in classify, so
// the surfaces answer 503 with Retry-After instead of 500, and the request
// succeeds again once the pool reconnects by itself.

// IsUnavailable reports whether err, from either engine, means the
// database could not be reached or is too busy to answer now. Start-up
// uses it to tell "retry" from "give up" (a wrong password or a missing
// database does not get better by waiting).
func IsUnavailable(err error) bool {
	return errors.Is(err, forum.ErrUnavailable) || postgresUnavailable(err) || sqliteUnavailable(err)
}

// connectionLost covers what database/sql and the operating system report
// for a connection that is gone, whatever the engine.
func connectionLost(err error) bool {
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.As(err, &ne)
}

// postgresUnavailable extends postgres.IsUnavailable to the failures of
// a pool that cannot get a connection: a server that is down or refuses
// new sessions ("database is not accepting connections" arrives as
// SQLSTATE 55000 inside a ConnectError), too many connections, and a
// connection the driver already closed because its server process was
// terminated. A wrong password or a missing database is not unavailable:
// waiting does not fix it.
func postgresUnavailable(err error) bool {
	var ce *pgconn.ConnectError
	connecting := errors.As(err, &ce)
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case postgres.IsUnavailable(err), pe.Code == "53300":
			return true
		case connecting && pe.Code == "55000":
			return true
		}
		return false
	}
	return connecting || errors.Is(err, pgconn.ErrConnClosed) || postgres.IsUnavailable(err) || connectionLost(err)
}

// sqliteUnavailable reports a write that waited out busy_timeout behind
// another process holding the database file ("database is locked"): the
// request may succeed if retried, so it is a 503, not a 500.
func sqliteUnavailable(err error) bool {
	var e *sqlite.Error
	if errors.As(err, &e) {
		switch e.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		case sqlite3.SQLITE_FULL:
			// The disk is full: writes fail until space returns, then
			// succeed without a restart, so it is an outage (503).
			return true
		}
		return false
	}
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone)
}
