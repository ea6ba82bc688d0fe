package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/parley-forum/parley/internal/store/seam"
)

// Classify tells what an error from this engine means to the store, by
// SQLSTATE where the server sent one:
//
//   - 23505 unique_violation is a Conflict;
//   - class 08 (connection exception), 53200 out_of_memory, 53300
//     too_many_connections, 57P01 admin_shutdown, 57P02 crash_shutdown,
//     57P03 cannot_connect_now and 55000 while connecting ("the database
//     system is starting up / not accepting connections") are
//     Unavailable: the server is going, coming back or overloaded;
//   - 53100 disk_full, 58030 io_error and 25006 read_only_sql_transaction
//     (the pool reached a standby, as during a failover) are a
//     StorageFault: writes fail until space or a primary returns;
//   - a pool that cannot connect at all, a connection the driver already
//     closed because its server process was terminated, and what the
//     operating system reports for a lost connection are Unavailable.
//
// A wrong password (28P01) or a missing database (3D000) is Other:
// waiting does not fix them, so start-up gives up at once.
func Classify(err error) seam.Class {
	var ce *pgconn.ConnectError
	connecting := errors.As(err, &ce)
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505":
			return seam.Conflict
		case pe.Code == "53100", pe.Code == "58030", pe.Code == "25006":
			return seam.StorageFault
		case pe.Code[:2] == "08", pe.Code == "53200", pe.Code == "53300",
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03":
			return seam.Unavailable
		case connecting && pe.Code == "55000":
			return seam.Unavailable
		}
		return seam.Other
	}
	if connecting || errors.Is(err, pgconn.ErrConnClosed) || connectionLost(err) {
		return seam.Unavailable
	}
	return seam.Other
}

// connectionLost covers what database/sql and the operating system report
// for a connection that is gone.
func connectionLost(err error) bool {
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.As(err, &ne)
}

// IsUniqueViolation reports SQLSTATE 23505.
func IsUniqueViolation(err error) bool { return Classify(err) == seam.Conflict }

// BeginBulkLoad changes nothing: PostgreSQL loads fast enough with its
// indexes and settings in place, and finish does nothing.
func (*Dialect) BeginBulkLoad(context.Context, *sql.DB, []string) (func(context.Context) error, error) {
	return func(context.Context) error { return nil }, nil
}
