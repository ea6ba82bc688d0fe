package testenv

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TallyEnv names the file the tally is appended to; unset, nothing is
// recorded.
const TallyEnv = "PARLEY_TEST_TALLY"

// What a test ran against, as the tally names it.
const (
	SQLite     = "sqlite"
	PostgreSQL = "postgres"
	NATS       = "nats"
	Browser    = "browser"
)

// Ran counts t as a test that ran against kind. Calling it again for the
// same test and kind counts once.
func Ran(t testing.TB, kind string) { RanN(t, kind, 1) }

// RanN counts n tests against kind on behalf of t, for a Go test that runs
// a suite of its own (the browser tests under node).
func RanN(t testing.TB, kind string, n int) {
	t.Helper()
	path := os.Getenv(TallyEnv)
	if path == "" || n <= 0 {
		return
	}
	// A test binary runs in its package's folder, so the folder and the
	// test's name identify the test across the packages of one run.
	dir, _ := os.Getwd()
	line := fmt.Sprintf("%s\t%s\t%s\t%d\n", kind, dir, strings.ReplaceAll(t.Name(), "\t", " "), n)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatalf("test tally: %v", err)
	}
	defer f.Close()
	// One short write in append mode: lines from parallel test binaries
	// never interleave.
	if _, err := f.WriteString(line); err != nil {
		t.Fatalf("test tally: %v", err)
	}
}

// RanOnDatabase counts t against the engine a database URL names: a
// postgres:// or postgresql:// URL is PostgreSQL, anything else a SQLite
// file.
func RanOnDatabase(t testing.TB, url string) {
	t.Helper()
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		Ran(t, PostgreSQL)
		return
	}
	Ran(t, SQLite)
}
