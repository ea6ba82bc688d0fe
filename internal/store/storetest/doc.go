// Package storetest is the contract every forum.Store engine must pass. Run
// executes the whole suite against stores produced by a constructor, so the
// SQLite and PostgreSQL runners in internal/store share one definition of
// correct behaviour: ordering, keyset pagination, revision folding, deletion,
// signals under concurrency, accounts, and — after every mutating case — the
// guarantee that each denormalized counter equals the rows it counts.
//
// PostgresURL and SQLiteURL give other packages' tests an isolated database
// of either engine.
//
// storetest imports forum for its types and errors, and the pgx driver to
// create and drop PostgreSQL test databases; it never imports store, so it
// tests engines only through the interface the Service uses.
package storetest
