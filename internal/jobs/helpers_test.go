package jobs_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/jobs"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// engineCase is one database a test runs on.
type engineCase struct {
	name string
	url  func(t *testing.T) string
}

// engines lists SQLite and PostgreSQL; each call to url makes a fresh
// database. The PostgreSQL subtests skip, the way the store's do, when
// PARLEY_TEST_POSTGRES_URL names no server.
func engines() []engineCase {
	return []engineCase{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "parley.db") }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresURL(t) }},
	}
}

// forEngine runs fn as a subtest per engine.
func forEngine(t *testing.T, fn func(t *testing.T, url string)) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) { fn(t, e.url(t)) })
	}
}

// node is one process's view of a database: parley's connections and a
// Queue on them, as internal/app wires it.
type node struct {
	st *store.Store
	q  *jobs.Queue
	db *sql.DB // the writer pool
}

// openDB opens url the way parley does and applies parley's migrations,
// River's, and the test table that records job effects.
func openDB(t *testing.T, url string) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.Migrate(ctx, jobs.Engine(st.EngineName()), st.Engine().Write); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Engine().Write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS job_effects (
		job_id BIGINT PRIMARY KEY, attempt INTEGER NOT NULL, node TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return st
}

// newNode builds a Queue on st; cfg's engine and connections are filled in.
// A started queue is stopped when the test ends.
func newNode(t *testing.T, st *store.Store, cfg jobs.Config) *node {
	t.Helper()
	eng := st.Engine()
	cfg.Engine, cfg.Write, cfg.Read, cfg.TestOnly = jobs.Engine(st.EngineName()), eng.Write, eng.Read, true
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 20 * time.Millisecond
	}
	q, err := jobs.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &node{st: st, q: q, db: eng.Write}
}

func (n *node) start(t *testing.T) {
	t.Helper()
	if err := n.q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := n.q.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
}

// enqueue inserts args in a transaction of its own and commits it.
func (n *node) enqueue(t *testing.T, args jobs.JobArgs, opts *jobs.InsertOpts) jobs.Enqueued {
	t.Helper()
	ctx := context.Background()
	tx, err := n.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := n.q.EnqueueTx(ctx, tx, args, opts)
	if err != nil {
		tx.Rollback()
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return res
}

// count runs a COUNT query.
func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitFor polls cond until it holds, failing the test after a minute. The
// poll is a condition wait: nothing depends on how long one step takes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitState waits until job id reaches state and returns its row.
func waitState(t *testing.T, n *node, id int64, state string) *jobs.JobRow {
	t.Helper()
	var row *jobs.JobRow
	waitFor(t, "job to be "+state, func() bool {
		r, err := n.q.Job(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		row = r
		return string(r.State) == state
	})
	return row
}

// recordEffect writes the job's effect and completes it in one transaction,
// the exactly-once pattern CompleteTx documents.
func recordEffect[T jobs.JobArgs](ctx context.Context, db *sql.DB, q string, job *jobs.Job[T], nodeName string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, q, job.ID, job.Attempt, nodeName); err != nil {
		return err
	}
	if err := jobs.CompleteTx(ctx, tx, job); err != nil {
		return err
	}
	return tx.Commit()
}

// insertEffect is recordEffect's statement in each engine's placeholders.
func insertEffect(st *store.Store) string {
	if st.EngineName() == "postgres" {
		return `INSERT INTO job_effects (job_id, attempt, node) VALUES ($1, $2, $3)`
	}
	return `INSERT INTO job_effects (job_id, attempt, node) VALUES (?, ?, ?)`
}
