package testenv

import (
	"os"
	"strconv"
	"testing"
)

// The variables that name the services tests may use.
const (
	// PostgresEnv names a PostgreSQL server tests may create databases on,
	// e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
	PostgresEnv = "PARLEY_TEST_POSTGRES_URL"
	// NATSEnv names a NATS server with JetStream, e.g. nats://127.0.0.1:4222.
	NATSEnv = "PARLEY_TEST_NATS_URL"
)

// CI reports whether the tests run in CI (CI=true or any other true value
// strconv.ParseBool accepts), where nothing may be skipped for being
// missing.
func CI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// Require stops the test when ok is false: it skips with reason on a
// developer's machine and fails under CI. what names the missing thing
// ("PostgreSQL", "Chromium"), reason says how to provide it.
func Require(t testing.TB, what string, ok bool, reason string) {
	t.Helper()
	if ok {
		return
	}
	if CI() {
		t.Fatalf("%s is missing and CI=%s, so this test may not skip: %s", what, os.Getenv("CI"), reason)
		return
	}
	t.Skipf("skipped: %s is missing: %s", what, reason)
}

// Env returns the value of the variable name, requiring it to be set;
// what names the service it points to.
func Env(t testing.TB, name, what string) string {
	t.Helper()
	v := os.Getenv(name)
	Require(t, what, v != "", name+" is not set")
	return v
}

// PostgresServer returns the URL of the PostgreSQL server tests may use and
// counts the test as one that ran against PostgreSQL. Tests that want a
// database of their own use storetest.PostgresURL.
func PostgresServer(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresEnv)
	Require(t, "PostgreSQL", u != "", PostgresEnv+" is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)")
	Ran(t, PostgreSQL)
	return u
}

// NATSServer returns the URL of the NATS server tests may use and counts
// the test as one that ran against NATS.
func NATSServer(t testing.TB) string {
	t.Helper()
	u := os.Getenv(NATSEnv)
	Require(t, "NATS", u != "", NATSEnv+" is not set (e.g. nats://127.0.0.1:4222)")
	Ran(t, NATS)
	return u
}
