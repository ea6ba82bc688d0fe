// Package seam holds the few types that cross the dialect seam between
// internal/store and its engine packages (store/sqlite, store/postgres):
// an error class, a post to index, a query builder and a statement
// runner. It imports nothing of parley's, so the engine packages can use
// it and stay leaves below store.
package seam
