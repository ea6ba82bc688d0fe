// Package archtest keeps the rules of docs/ARCHITECTURE.md ("What may
// import what") true. Rules is the table of which of parley's packages each
// package may import; Check compares an import graph with it, and the
// package's test feeds it the real graph from `go list -deps -json ./...`.
//
// The rules cover the packages that make the binary, not their tests: a
// test may wire whatever it needs (the API's tests open a store). A package
// without a rule fails the test, so each new package is placed in the
// layering on purpose.
//
// archtest imports only the standard library.
package archtest
