// Package store holds all of parley's SQL. One Store type implements
// forum.Store for every engine: the queries are written once in portable SQL
// (integer Unix-millisecond times, 0/1 flags, ON CONFLICT, RETURNING), and
// what genuinely differs sits behind one interface, dialect (dialect.go),
// implemented next to each driver: placeholder style, error
// classification, the search index and match SQL, the reply write path,
// list hints, bulk loading and archive details. No other file here
// branches on the engine.
//
//	store/sqlite    modernc.org/sqlite, WAL, one writer connection, sqlite.Dialect
//	store/postgres  pgx v5 through database/sql, postgres.Dialect
//	store/seam      the types shared across the seam (a leaf)
//	store/storetest the contract suite every engine must pass
//
// store imports forum (for the types and sentinel errors it returns), search,
// archive and the engine packages; nothing but the composition root imports
// store.
package store
