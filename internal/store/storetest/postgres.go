package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create and drop databases

	"github.com/parley-forum/parley/internal/testenv"
)

// PostgresEnv names the variable holding the URL of a PostgreSQL server
// tests may use, e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const PostgresEnv = testenv.PostgresEnv

// PostgresURL creates an empty database on the server named by
// PARLEY_TEST_POSTGRES_URL and returns its URL; the database is dropped
// (disconnecting any leftover sessions) when the test ends. Each call gets
// its own randomly named database, so tests and concurrent runs never see
// each other's rows. Without the variable the test is skipped, or fails
// under CI (see internal/testenv).
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := testenv.PostgresServer(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	var suffix [8]byte
	if _, err := rand.Read(suffix[:]); err != nil {
		t.Fatal(err)
	}
	name := "parley_test_" + hex.EncodeToString(suffix[:])
	if err := adminExec(base, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := adminExec(base, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// adminExec runs one statement on the server's maintenance database.
func adminExec(base, stmt string) error {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("%s: %w", strings.Fields(stmt)[0], err)
	}
	return nil
}
