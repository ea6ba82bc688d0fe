// Package testenv is what tests use to ask for the services, browsers and
// packages they need, so a missing one is handled the same way everywhere:
// on a developer's machine the test skips and says what is missing; when
// CI=true it fails instead, naming what is missing, so CI cannot pass by
// skipping a suite.
//
// It also keeps a tally: when PARLEY_TEST_TALLY names a file, every test
// that ran against SQLite, PostgreSQL, NATS or the browser appends a line
// to it, and .ci/run prints the counts at the end of a run.
//
// testenv imports nothing of parley's; only tests and test helpers
// (storetest, forumtest) import it.
package testenv
