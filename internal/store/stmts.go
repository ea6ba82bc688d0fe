package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements per query text. Parsing SQL is a
// large part of a short query's cost on SQLite, so every query the store
// runs is prepared once per connection and reused. (pgx already caches
// statements per connection, so PostgreSQL bypasses this.)
type stmtCache struct {
	db      *sql.DB
	mu      sync.RWMutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool // queries to prepare once the writer is free
}

// maxCachedStatements bounds the cache; dynamic list queries have a few
// hundred shapes at most, anything beyond is prepared per use.
const maxCachedStatements = 2000

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// cached returns the statement for query if it is prepared already.
func (c *stmtCache) cached(query string) (*sql.Stmt, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	st, ok := c.stmts[query]
	return st, ok
}

// prepareLater queues query to be prepared by preparePending.
func (c *stmtCache) prepareLater(query string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.stmts)+len(c.pending) < maxCachedStatements {
		c.pending[query] = true
	}
}

// preparePending prepares the queued queries. It must run while the caller
// holds no connection of the pool. A query that fails to prepare is simply
// run unprepared, and queued again, next time.
func (c *stmtCache) preparePending(ctx context.Context) {
	c.mu.Lock()
	queries := c.pending
	if len(queries) == 0 {
		c.mu.Unlock()
		return
	}
	c.pending = map[string]bool{}
	c.mu.Unlock()
	for q := range queries {
		_, _ = c.get(ctx, q)
	}
}

// get returns the cached statement for query, preparing it first if the
// cache has room. It returns nil (and no error) when the cache is full: the
// caller then runs the query unprepared, so no statement is ever left open
// outside the cache.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := c.cached(query); ok {
		return st, nil
	}
	c.mu.RLock()
	full := len(c.stmts) >= maxCachedStatements
	c.mu.RUnlock()
	if full {
		return nil, nil
	}
	// Prepare without holding the lock: preparing waits for a free
	// connection, and whoever holds one may need the lock for its next query.
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cached, ok := c.stmts[query]; ok {
		st.Close()
		return cached, nil
	}
	if len(c.stmts) >= maxCachedStatements {
		st.Close()
		return nil, nil
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}

// QueryCount is the number of statements run through the store's query
// helpers (query, queryRow, txQueryRow, txExec) since Open. Tests read it
// before and after a request to prove a page runs a bounded number of
// queries whatever its size.
func (s *Store) QueryCount() int64 { return s.queries.Load() }

// query runs a read query (portable text) on the reader pool.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s.queries.Add(1)
	q := s.q(query)
	if s.readStmts == nil {
		return s.eng.Read.QueryContext(ctx, q, args...)
	}
	st, err := s.readStmts.get(ctx, q)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return s.eng.Read.QueryContext(ctx, q, args...)
	}
	return st.QueryContext(ctx, args...)
}

// queryRow runs a single-row read query on the reader pool.
func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	s.queries.Add(1)
	q := s.q(query)
	if s.readStmts == nil {
		return s.eng.Read.QueryRowContext(ctx, q, args...)
	}
	st, err := s.readStmts.get(ctx, q)
	if err != nil || st == nil {
		// Unprepared: the cache is full, or preparing failed and the error
		// surfaces from Scan like any query error.
		return s.eng.Read.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// txStmt binds the cached statement for query to a write transaction.
// SQLite's writer pool is the one connection the transaction holds, so a
// statement not yet cached cannot be prepared now (preparing waits for a
// free connection, forever): the query runs unprepared this time and is
// prepared when the transaction has ended (see tx).
func (s *Store) txStmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, bool) {
	if s.writeStmts == nil {
		return nil, false
	}
	q := s.q(query)
	st, ok := s.writeStmts.cached(q)
	if !ok {
		s.writeStmts.prepareLater(q)
		return nil, false
	}
	return tx.StmtContext(ctx, st), true
}

// txQueryRow runs a single-row query inside a write transaction.
func (s *Store) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	s.queries.Add(1)
	if st, ok := s.txStmt(ctx, tx, query); ok {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, s.q(query), args...)
}

// txExec runs a statement inside a write transaction.
func (s *Store) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	s.queries.Add(1)
	if st, ok := s.txStmt(ctx, tx, query); ok {
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, s.q(query), args...)
}
