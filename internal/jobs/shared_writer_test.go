package jobs_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/parley-forum/parley/internal/jobs"
)

type settingArgs struct{ N int }

func (settingArgs) Kind() string { return "test.setting" }

// settingWorker writes through parley's store, then records its effect and
// completes in a transaction on the same writer.
type settingWorker struct {
	jobs.WorkerDefaults[settingArgs]
	n *node
}

func (w *settingWorker) Work(ctx context.Context, job *jobs.Job[settingArgs]) error {
	if _, err := w.n.st.SetSettingIfAbsent(ctx, fmt.Sprintf("job_%d", job.Args.N), "x"); err != nil {
		return err
	}
	return recordEffect(ctx, w.n.db, insertEffect(w.n.st), job, "a")
}

// TestWorkersShareTheWriterWithTheStore: on SQLite River uses parley's one
// writer connection. Jobs that write through the store, while the store
// writes and enqueues for itself, all finish: no SQLITE_BUSY, no deadlock,
// no failed attempt.
func TestWorkersShareTheWriterWithTheStore(t *testing.T) {
	forEngine(t, func(t *testing.T, url string) {
		const total = 60
		st := openDB(t, url)
		w := &settingWorker{}
		n := newNode(t, st, jobs.Config{Concurrency: 4, Register: func(ws *jobs.Workers) { jobs.AddWorker(ws, w) }})
		w.n = n
		n.start(t)
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, total)
		for i := range total {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// A store write of its own, then an enqueue in a transaction.
				if _, err := st.SetSettingIfAbsent(ctx, fmt.Sprintf("writer_%d", i), "y"); err != nil {
					errs <- err
					return
				}
				tx, err := n.db.BeginTx(ctx, nil)
				if err != nil {
					errs <- err
					return
				}
				if _, err := n.q.EnqueueTx(ctx, tx, settingArgs{N: i}, nil); err != nil {
					tx.Rollback()
					errs <- err
					return
				}
				errs <- tx.Commit()
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		waitFor(t, "every job to complete", func() bool {
			return count(t, n.db, `SELECT COUNT(*) FROM river_job WHERE state = 'completed'`) == total
		})
		if got := count(t, n.db, `SELECT COUNT(*) FROM river_job WHERE attempt <> 1`); got != 0 {
			t.Errorf("%d jobs needed more than one attempt", got)
		}
		if got := count(t, n.db, `SELECT COUNT(*) FROM job_effects`); got != total {
			t.Errorf("%d effects, want %d", got, total)
		}
	})
}

// TestMigrateTwiceChangesNothing: River's migrations run at every start;
// the second run finds nothing to do.
func TestMigrateTwiceChangesNothing(t *testing.T) {
	forEngine(t, func(t *testing.T, url string) {
		st := openDB(t, url) // migrates once
		n, err := jobs.Migrate(context.Background(), jobs.Engine(st.EngineName()), st.Engine().Write)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("second migration applied %d steps, want 0", n)
		}
	})
}
