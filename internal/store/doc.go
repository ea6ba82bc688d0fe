// Package store holds all of parley's SQL. One Store type implements
// forum.Store for every engine: the queries are written once in portable SQL
// (integer Unix-millisecond times, 0/1 flags, ON CONFLICT, RETURNING) and the
// engine packages below it supply what genuinely differs: opening
// connections, migrations, placeholder style, error classification and, for
// search, the full-text SQL.
//
//	store/sqlite    modernc.org/sqlite, WAL, one writer connection
//	store/postgres  pgx v5 through database/sql
//	store/storetest the contract suite every engine must pass
//
// store imports forum (for the types and sentinel errors it returns) and the
// engine packages; nothing but the composition root imports store.
package store
