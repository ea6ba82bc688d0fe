package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/jobs"
)

// noteArgs is a job that records one row per job in job_effects.
type noteArgs struct {
	Key string `json:"key" river:"unique"`
}

func (noteArgs) Kind() string { return "test.note" }

type noteWorker struct {
	jobs.WorkerDefaults[noteArgs]
	n    *node
	name string
}

func (w *noteWorker) Work(ctx context.Context, job *jobs.Job[noteArgs]) error {
	return recordEffect(ctx, w.n.db, insertEffect(w.n.st), job, w.name)
}

// TestRolledBackEnqueueLeavesNoJob: a job enqueued in a transaction that
// rolls back does not exist; the same enqueue committed does.
func TestRolledBackEnqueueLeavesNoJob(t *testing.T) {
	forEngine(t, func(t *testing.T, url string) {
		n := newNode(t, openDB(t, url), jobs.Config{})
		ctx := context.Background()
		tx, err := n.db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := n.q.EnqueueTx(ctx, tx, noteArgs{Key: "a"}, nil); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if got := count(t, n.db, `SELECT COUNT(*) FROM river_job`); got != 0 {
			t.Fatalf("%d jobs after a rolled-back enqueue, want 0", got)
		}
		res := n.enqueue(t, noteArgs{Key: "a"}, nil)
		if got := count(t, n.db, `SELECT COUNT(*) FROM river_job`); got != 1 || res.ID == 0 {
			t.Fatalf("%d jobs (id %d) after a committed enqueue, want 1", got, res.ID)
		}
	})
}

// TestUniqueKeyEnqueuesOnce: a second enqueue with the same idempotency key
// while the first job waits inserts nothing and names the first job.
func TestUniqueKeyEnqueuesOnce(t *testing.T) {
	forEngine(t, func(t *testing.T, url string) {
		n := newNode(t, openDB(t, url), jobs.Config{})
		unique := &jobs.InsertOpts{UniqueOpts: jobs.UniqueOpts{ByArgs: true}}
		first := n.enqueue(t, noteArgs{Key: "mail:42"}, unique)
		again := n.enqueue(t, noteArgs{Key: "mail:42"}, unique)
		other := n.enqueue(t, noteArgs{Key: "mail:43"}, unique)
		if first.Duplicate || !again.Duplicate || again.ID != first.ID {
			t.Fatalf("first %+v, again %+v: want the second to be a duplicate of the first", first, again)
		}
		if other.Duplicate || other.ID == first.ID {
			t.Fatalf("another key %+v was taken for a duplicate of %+v", other, first)
		}
		if got := count(t, n.db, `SELECT COUNT(*) FROM river_job`); got != 2 {
			t.Fatalf("%d jobs, want 2", got)
		}
	})
}

// TestJobRunsAndCompletes: a committed job is worked once and its effect
// and completion commit together.
func TestJobRunsAndCompletes(t *testing.T) {
	forEngine(t, func(t *testing.T, url string) {
		st := openDB(t, url)
		w := &noteWorker{name: "a"}
		n := newNode(t, st, jobs.Config{Register: func(ws *jobs.Workers) { jobs.AddWorker(ws, w) }})
		w.n = n
		n.start(t)
		unique := &jobs.InsertOpts{UniqueOpts: jobs.UniqueOpts{ByArgs: true}}
		res := n.enqueue(t, noteArgs{Key: "x"}, unique)
		row := waitState(t, n, res.ID, "completed")
		if row.Attempt != 1 {
			t.Errorf("completed after %d attempts, want 1", row.Attempt)
		}
		if got := count(t, n.db, `SELECT COUNT(*) FROM job_effects`); got != 1 {
			t.Errorf("%d effects, want 1", got)
		}
		// The key stays taken after completion: a late retry of the
		// enqueue does not do the work again.
		if again := n.enqueue(t, noteArgs{Key: "x"}, unique); !again.Duplicate || again.ID != res.ID {
			t.Errorf("enqueue after completion: %+v, want a duplicate of job %d", again, res.ID)
		}
	})
}

type failArgs struct{}

func (failArgs) Kind() string { return "test.fail" }

type failWorker struct {
	jobs.WorkerDefaults[failArgs]
}

func (failWorker) Work(_ context.Context, job *jobs.Job[failArgs]) error {
	return fmt.Errorf("mail server refused attempt %d", job.Attempt)
}

// TestFailingJobIsDiscardedWithItsError: a job that always fails is tried
// MaxAttempts times, then stays visible as discarded with every attempt's
// error, the last one last.
func TestFailingJobIsDiscardedWithItsError(t *testing.T) {
	forEngine(t, func(t *testing.T, url string) {
		n := newNode(t, openDB(t, url), jobs.Config{
			MaxAttempts: 3,
			Backoff:     jobs.Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond},
			Register:    func(ws *jobs.Workers) { jobs.AddWorker(ws, failWorker{}) },
		})
		n.start(t)
		res := n.enqueue(t, failArgs{}, nil)
		row := waitState(t, n, res.ID, "discarded")
		if row.Attempt != 3 || len(row.Errors) != 3 {
			t.Fatalf("discarded after %d attempts with %d errors, want 3 and 3", row.Attempt, len(row.Errors))
		}
		if last := row.Errors[2].Error; !strings.Contains(last, "refused attempt 3") {
			t.Errorf("last error %q, want the third attempt's", last)
		}
		st, err := n.q.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if st.Failed != 1 || st.Queued != 0 || st.Running != 0 {
			t.Errorf("stats %+v, want one failed job and nothing else", st)
		}
	})
}

type blockArgs struct{}

func (blockArgs) Kind() string { return "test.block" }

// blockWorker reports that it started, then works until its context ends.
type blockWorker struct {
	jobs.WorkerDefaults[blockArgs]
	started chan int64
}

func (w blockWorker) Work(ctx context.Context, job *jobs.Job[blockArgs]) error {
	w.started <- job.ID
	<-ctx.Done()
	return ctx.Err()
}

// TestStopReleasesInFlightJobs: Stop gives a running job the grace period,
// then cancels it; the job goes back to the queue, the interrupted attempt
// not counted, instead of staying leased to a node that is gone.
func TestStopReleasesInFlightJobs(t *testing.T) {
	forEngine(t, func(t *testing.T, url string) {
		started := make(chan int64, 1)
		n := newNode(t, openDB(t, url), jobs.Config{
			StopGrace: 10 * time.Millisecond,
			Register:  func(ws *jobs.Workers) { jobs.AddWorker(ws, blockWorker{started: started}) },
		})
		if err := n.q.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		res := n.enqueue(t, blockArgs{}, nil)
		if id := <-started; id != res.ID {
			t.Fatalf("started job %d, want %d", id, res.ID)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := n.q.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		row, err := n.q.Job(context.Background(), res.ID)
		if err != nil {
			t.Fatal(err)
		}
		if row.State != "available" || row.Attempt != 0 {
			t.Fatalf("after stop: state %s, attempt %d; want it available again, the attempt not counted", row.State, row.Attempt)
		}
	})
}
