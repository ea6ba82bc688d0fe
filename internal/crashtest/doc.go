// Package crashtest holds the test that no acknowledged write is ever
// lost: it builds the parley binary, drives parallel replies and boosts
// through the JSON API, kills the process with SIGKILL mid-load several
// times, restarts it, and then checks every write that got a 2xx against
// the database, and every counter against its rows. It has no code of its
// own outside the test.
package crashtest
