// Package forum is parley's domain: the types a forum is made of (users,
// subtopics, tags, threads, posts), the rules that govern them (who may do
// what, limits, edit windows, solved state) and the Service that applies those
// rules on top of a Store.
//
// forum imports only leaf packages (markup, auth, ratelimit, search). It
// declares the storage interfaces it needs, one per capability in the
// store_*.go files; internal/store implements them for every database
// engine. The HTML and JSON surfaces call the Service and never hold a
// store.
package forum
