// Package e2e holds parley's browser tests. They are JavaScript files run
// by Node's built-in test runner, driving Debian's Chromium through
// playwright-core and checking pages with axe-core; see package.json.
//
// The only Go code here is TestBrowser, which lets `go test ./...` run the
// browser tests when the machine has what they need (node, Chromium and
// the installed npm packages) and skip with the reason otherwise. The
// package imports nothing of parley's: the tests build and start the
// parley binary themselves.
package e2e
