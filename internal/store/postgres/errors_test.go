package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/parley-forum/parley/internal/store/seam"
)

// TestClassify: what each PostgreSQL error means to the store. A full
// disk, I/O errors and a standby refusing writes are a StorageFault (503
// and not ready), resource exhaustion and shutdowns are Unavailable (503),
// and errors waiting cannot fix stay Other.
func TestClassify(t *testing.T) {
	pg := func(code string) error { return fmt.Errorf("exec: %w", &pgconn.PgError{Code: code}) }
	for _, c := range []struct {
		name string
		err  error
		want seam.Class
	}{
		{"unique violation", pg("23505"), seam.Conflict},
		{"foreign key violation", pg("23503"), seam.Other},
		{"disk full", pg("53100"), seam.StorageFault},
		{"I/O error", pg("58030"), seam.StorageFault},
		{"read-only transaction (standby after failover)", pg("25006"), seam.StorageFault},
		{"out of memory", pg("53200"), seam.Unavailable},
		{"too many connections", pg("53300"), seam.Unavailable},
		{"admin shutdown", pg("57P01"), seam.Unavailable},
		{"crash shutdown", pg("57P02"), seam.Unavailable},
		{"cannot connect now", pg("57P03"), seam.Unavailable},
		{"connection failure", pg("08006"), seam.Unavailable},
		{"connection does not exist", pg("08003"), seam.Unavailable},
		{"prerequisite state outside connecting", pg("55000"), seam.Other},
		{"not accepting connections", &pgconn.ConnectError{}, seam.Unavailable},
		{"wrong password", pg("28P01"), seam.Other},
		{"missing database", pg("3D000"), seam.Other},
		{"missing table", pg("42P01"), seam.Other},
		{"syntax error", pg("42601"), seam.Other},
		{"driver closed the connection", fmt.Errorf("exec: %w", pgconn.ErrConnClosed), seam.Unavailable},
		{"bad connection", driver.ErrBadConn, seam.Unavailable},
		{"connection done", sql.ErrConnDone, seam.Unavailable},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, seam.Unavailable},
		{"deadline waiting for a connection", context.DeadlineExceeded, seam.Unavailable},
		{"plain error", errors.New("something else"), seam.Other},
	} {
		if got := Classify(c.err); got != c.want {
			t.Errorf("%s (%v): %v, want %v", c.name, c.err, got, c.want)
		}
	}
}
