package jobs_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/jobs"
)

// The child process of TestCrashBeforeCompletionRunsOnce reads its database
// from this variable.
const crashChildEnv = "PARLEY_JOBS_CRASH_CHILD_URL"

type crashArgs struct{}

func (crashArgs) Kind() string { return "test.crash" }

// stallWorker writes the job's effect in a transaction, says so on stdout
// and then never commits: the parent kills the process at that moment.
type stallWorker struct {
	jobs.WorkerDefaults[crashArgs]
	n *node
}

func (w *stallWorker) Work(ctx context.Context, job *jobs.Job[crashArgs]) error {
	tx, err := w.n.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, insertEffect(w.n.st), job.ID, job.Attempt, "child"); err != nil {
		return err
	}
	fmt.Printf("working %d\n", job.ID)
	<-ctx.Done()
	return ctx.Err()
}

// onceWorker records the effect and completes the job in one transaction.
type onceWorker struct {
	jobs.WorkerDefaults[crashArgs]
	n *node
}

func (w *onceWorker) Work(ctx context.Context, job *jobs.Job[crashArgs]) error {
	return recordEffect(ctx, w.n.db, insertEffect(w.n.st), job, "restarted")
}

// TestCrashChild is the process TestCrashBeforeCompletionRunsOnce kills
// (Go's helper-process pattern); run alone it returns at once.
func TestCrashChild(t *testing.T) {
	url := os.Getenv(crashChildEnv)
	if url == "" {
		return
	}
	w := &stallWorker{}
	n := newNode(t, openDB(t, url), jobs.Config{Register: func(ws *jobs.Workers) { jobs.AddWorker(ws, w) }})
	w.n = n
	n.start(t)
	select {} // until SIGKILL
}

// TestCrashBeforeCompletionRunsOnce: a job committed, then taken by a node
// that is SIGKILLed mid-work, runs after a restart exactly once to
// completion: the killed attempt's effect died with its transaction and
// the lease handed the job to the new process.
func TestCrashBeforeCompletionRunsOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the crash test (it waits for a lease to expire)")
	}
	forEngine(t, func(t *testing.T, url string) {
		t.Parallel() // most of each run is waiting for the dead node's leadership to lapse
		st := openDB(t, url)
		enq := newNode(t, st, jobs.Config{})
		res := enq.enqueue(t, crashArgs{}, nil)

		child := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		child.Env = append(os.Environ(), crashChildEnv+"="+url)
		child.Stderr = os.Stderr
		out, err := child.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = child.Process.Kill(); _ = child.Wait() })
		lines := bufio.NewScanner(out)
		var working int64
		for working == 0 && lines.Scan() {
			if id, ok := strings.CutPrefix(lines.Text(), "working "); ok {
				working, _ = strconv.ParseInt(id, 10, 64)
			}
		}
		if working != res.ID {
			t.Fatalf("child reported job %d (%v), want %d", working, lines.Err(), res.ID)
		}
		if err := child.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = child.Wait()

		row, err := enq.q.Job(context.Background(), res.ID)
		if err != nil {
			t.Fatal(err)
		}
		if row.State != "running" {
			t.Fatalf("after the kill the job is %s, want still leased (running)", row.State)
		}
		if got := count(t, enq.db, `SELECT COUNT(*) FROM job_effects`); got != 0 {
			t.Fatalf("%d effects survived the killed transaction, want 0", got)
		}

		// The restart: a short lease so the test need not wait the
		// production five minutes; the job timeout stays below it.
		w := &onceWorker{}
		n := newNode(t, st, jobs.Config{JobTimeout: 500 * time.Millisecond, RescueAfter: time.Second,
			Backoff:  jobs.Backoff{Base: time.Millisecond, Max: time.Millisecond},
			Register: func(ws *jobs.Workers) { jobs.AddWorker(ws, w) }})
		w.n = n
		n.start(t)
		row = waitState(t, n, res.ID, "completed")
		if got := count(t, n.db, `SELECT COUNT(*) FROM job_effects`); got != 1 {
			t.Fatalf("%d effects, want exactly 1", got)
		}
		if row.Attempt != 2 {
			t.Errorf("completed on attempt %d, want 2 (the killed one, then the rescue)", row.Attempt)
		}
	})
}
