// Package postgres opens parley's PostgreSQL database through pgx v5's
// database/sql driver, so the portable queries in internal/store run
// unchanged. It imports nothing of parley's.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations holds the numbered schema steps for PostgreSQL.
var Migrations, _ = fs.Sub(migrationFiles, "migrations")

// Open connects to url with a pool of at most poolSize connections.
func Open(ctx context.Context, url string, poolSize int) (*sql.DB, error) {
	if poolSize <= 0 {
		poolSize = 16
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	db.SetMaxOpenConns(poolSize)
	db.SetMaxIdleConns(poolSize)
	db.SetConnMaxLifetime(30 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	return db, nil
}

// IsUniqueViolation reports SQLSTATE 23505.
func IsUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

// IsUnavailable reports errors that mean the server cannot be reached or
// is shutting down, as opposed to errors in a query.
func IsUnavailable(err error) bool {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		// Class 08: connection exception; 57P01-57P03: admin shutdown,
		// crash shutdown, cannot connect now.
		return e.Code[:2] == "08" || e.Code == "57P01" || e.Code == "57P02" || e.Code == "57P03"
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ne) || errors.As(err, &ce) || errors.Is(err, sql.ErrConnDone)
}
