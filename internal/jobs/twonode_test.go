package jobs_test

import (
	"context"
	"sync"
	"testing"

	"github.com/parley-forum/parley/internal/jobs"
	"github.com/parley-forum/parley/internal/store/storetest"
)

type spreadArgs struct{ N int }

func (spreadArgs) Kind() string { return "test.spread" }

// overlapWatch is shared by both nodes' workers: it sees every start and
// end, so a job running on two nodes at once is caught in the act.
type overlapWatch struct {
	mu       sync.Mutex
	running  map[int64]string // job id → node working it now
	runs     map[int64]int
	byNode   map[string]int
	overlaps []string
	both     chan struct{} // closed once each node has started a job
}

func (o *overlapWatch) begin(id int64, node string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if other, ok := o.running[id]; ok {
		o.overlaps = append(o.overlaps, node+" started a job "+other+" was running")
	}
	o.running[id] = node
	o.runs[id]++
	o.byNode[node]++
	if len(o.byNode) == 2 && o.both != nil {
		close(o.both)
		o.both = nil
	}
}

func (o *overlapWatch) end(id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.running, id)
}

type spreadWorker struct {
	jobs.WorkerDefaults[spreadArgs]
	watch *overlapWatch
	n     *node
	name  string
	both  <-chan struct{}
}

func (w *spreadWorker) Work(ctx context.Context, job *jobs.Job[spreadArgs]) error {
	w.watch.begin(job.ID, w.name)
	defer w.watch.end(job.ID)
	// Hold the first jobs until the other node works too, so both nodes
	// compete for the same rows for the rest of the run.
	select {
	case <-w.both:
	case <-ctx.Done():
		return ctx.Err()
	}
	return recordEffect(ctx, w.n.db, insertEffect(w.n.st), job, w.name)
}

// TestTwoNodesNeverRunAJobTwice: two nodes (two River clients, each with
// its own connection pool) on one PostgreSQL database work many jobs; no
// job ever runs on both at once and every job's effect is recorded once.
func TestTwoNodesNeverRunAJobTwice(t *testing.T) {
	url := storetest.PostgresURL(t)
	const total = 300
	both := make(chan struct{})
	watch := &overlapWatch{running: map[int64]string{}, runs: map[int64]int{}, byNode: map[string]int{}, both: both}
	var nodes []*node
	for _, name := range []string{"a", "b"} {
		w := &spreadWorker{watch: watch, name: name, both: both}
		n := newNode(t, openDB(t, url), jobs.Config{Concurrency: 8,
			Register: func(ws *jobs.Workers) { jobs.AddWorker(ws, w) }})
		w.n = n
		nodes = append(nodes, n)
	}
	ctx := context.Background()
	tx, err := nodes[0].db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range total {
		if _, err := nodes[0].q.EnqueueTx(ctx, tx, spreadArgs{N: i}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		n.start(t)
	}
	db := nodes[0].db
	waitFor(t, "every job to complete", func() bool {
		return count(t, db, `SELECT COUNT(*) FROM river_job WHERE state = 'completed'`) == total
	})
	if got := count(t, db, `SELECT COUNT(*) FROM job_effects`); got != total {
		t.Errorf("%d effects recorded, want %d", got, total)
	}
	watch.mu.Lock()
	defer watch.mu.Unlock()
	for _, o := range watch.overlaps {
		t.Error(o)
	}
	for id, n := range watch.runs {
		if n != 1 {
			t.Errorf("job %d ran %d times", id, n)
		}
	}
	t.Logf("jobs per node: %v", watch.byNode)
	if len(watch.byNode) != 2 {
		t.Errorf("only %v worked: the test did not make the nodes compete", watch.byNode)
	}
}
