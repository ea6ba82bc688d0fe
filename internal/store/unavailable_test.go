package store_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	_ "modernc.org/sqlite" // the "sqlite" driver, to hold a lock from outside the store

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

func TestIsUnavailable(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"plain error", errors.New("syntax error near SELEKT"), false},
		{"no rows", sql.ErrNoRows, false},
		{"already classified", fmt.Errorf("read thread: %w", forum.ErrUnavailable), true},
		{"bad connection", fmt.Errorf("query: %w", driver.ErrBadConn), true},
		{"connection done", sql.ErrConnDone, true},
		{"deadline waiting for a connection", context.DeadlineExceeded, true},
		{"admin shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"crash shutdown", &pgconn.PgError{Code: "57P02"}, true},
		{"starting up", &pgconn.PgError{Code: "57P03"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"disk full", &pgconn.PgError{Code: "53100"}, true},
		{"out of memory", &pgconn.PgError{Code: "53200"}, true},
		{"read-only transaction during failover", &pgconn.PgError{Code: "25006"}, true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"missing table", &pgconn.PgError{Code: "42P01"}, false},
		{"prerequisite state outside connecting", &pgconn.PgError{Code: "55000"}, false},
		{"driver closed the connection", fmt.Errorf("exec: %w", pgconn.ErrConnClosed), true},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := store.IsUnavailable(c.err); got != c.want {
				t.Fatalf("IsUnavailable(%v) = %v, want %v", c.err, got, c.want)
			}
		})
	}
}

// TestSQLiteBusyIsUnavailable: a write that cannot get the database file
// because another process holds it is unavailable (503), while a
// constraint failure on the same file is not.
func TestSQLiteBusyIsUnavailable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(0)&_pragma=journal_mode(WAL)"
	holder, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	other, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ctx := context.Background()
	if _, err := holder.ExecContext(ctx, `CREATE TABLE x (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	_, busy := other.ExecContext(ctx, `INSERT INTO x (id) VALUES (1)`)
	if busy == nil || !store.IsUnavailable(busy) {
		t.Fatalf("write while another connection holds the lock: %v, want an unavailable error", busy)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO x (id) VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		t.Fatal(err)
	}
	_, dup := other.ExecContext(ctx, `INSERT INTO x (id) VALUES (1)`)
	if dup == nil || store.IsUnavailable(dup) {
		t.Fatalf("duplicate key: %v, want an error that is not unavailable", dup)
	}
}

// TestOpenPostgresErrors: a server nobody listens on is unavailable (worth
// waiting for); a database that does not exist is not.
func TestOpenPostgresErrors(t *testing.T) {
	t.Parallel() // nothing shared
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	ctx := context.Background()
	_, err = store.Open(ctx, "postgres://postgres@"+closed+"/x?sslmode=disable&connect_timeout=2", store.Options{})
	if err == nil || !store.IsUnavailable(err) {
		t.Fatalf("closed port: %v, want unavailable", err)
	}
	u, err := url.Parse(storetest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/parley_no_such_database"
	_, err = store.Open(ctx, u.String(), store.Options{})
	if err == nil || store.IsUnavailable(err) {
		t.Fatalf("missing database: %v, want an error that is not unavailable", err)
	}
}
