// Package postgres opens parley's PostgreSQL database through pgx v5's
// database/sql driver, so the portable queries in internal/store run
// unchanged. Dialect (dialect.go, errors.go) is the SQL only PostgreSQL
// speaks. It imports its driver, the search leaf and store/seam.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

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
