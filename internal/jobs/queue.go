package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
)

// The names a job kind's code uses, so callers import only this package.
type (
	// JobArgs is a job's payload; Kind names its worker.
	JobArgs = river.JobArgs
	// InsertOpts tune one enqueue (queue, priority, schedule, uniqueness).
	InsertOpts = river.InsertOpts
	// UniqueOpts make an enqueue idempotent: see Enqueued.Duplicate.
	UniqueOpts = river.UniqueOpts
	// Job is one attempt of a job handed to a worker.
	Job[T JobArgs] = river.Job[T]
	// WorkerDefaults gives a worker River's defaults for everything but Work.
	WorkerDefaults[T JobArgs] = river.WorkerDefaults[T]
	// JobRow is a job as stored, for tests and operations.
	JobRow = rivertype.JobRow
)

// Workers is the bundle of workers a Queue runs.
type Workers struct {
	river    *river.Workers
	n        int
	periodic []*river.PeriodicJob
}

// AddPeriodic enqueues args every interval (and once when the scheduler
// starts). River's elected leader schedules them, so with several nodes a
// periodic job is enqueued once per interval, not once per node. The
// job's worker must be added too (AddWorker).
func AddPeriodic(ws *Workers, every time.Duration, args func() JobArgs) {
	ws.periodic = append(ws.periodic, river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) { return args(), nil }, &river.PeriodicJobOpts{RunOnStart: true}))
}

// AddWorker registers w for its job kind.
func AddWorker[T JobArgs](ws *Workers, w river.Worker[T]) {
	river.AddWorker(ws.river, w)
	ws.n++
}

// Engine names the database a Queue runs on.
type Engine string

// The engines parley runs on.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Config is what a Queue needs. Zero durations and counts take the defaults
// noted on each field.
type Config struct {
	Engine Engine
	// Write carries River's reads and writes. On SQLite it is parley's
	// single writer connection: River queues behind the store's writes in
	// Go instead of racing them for the file lock.
	Write *sql.DB
	// Read serves the metrics queries (SQLite's reader pool); nil means Write.
	Read   *sql.DB
	Logger *slog.Logger
	// Register adds the workers this node runs. With none, the Queue only
	// enqueues and Start does nothing.
	Register func(*Workers)

	Concurrency int           // jobs worked at once on this node; 4
	MaxAttempts int           // attempts before a job is discarded; 8
	Backoff     Backoff       // delay before each retry; see Backoff
	JobTimeout  time.Duration // a job's context is cancelled after this; 1 min
	// RescueAfter is the lease: a job still running after this long (its
	// node presumably dead) is handed back to the queue. Always longer
	// than JobTimeout; 5 min.
	RescueAfter time.Duration
	// StopGrace is how long Stop lets in-flight jobs finish before it
	// cancels their contexts; 10 s.
	StopGrace time.Duration
	// PollInterval is how often a node looks for new jobs; 1 s. On
	// PostgreSQL River's database/sql driver has no LISTEN, so a job
	// enqueued in a transaction starts within one interval.
	PollInterval time.Duration
	// CompletedRetention and DiscardedRetention say how long finished and
	// failed jobs stay visible; 24 h and 7 days.
	CompletedRetention, DiscardedRetention time.Duration
	// TestOnly skips River's start-up jitter; tests set it.
	TestOnly bool
}

// Queue enqueues jobs in callers' transactions and runs this node's workers.
type Queue struct {
	client  *river.Client[*sql.Tx]
	engine  Engine
	read    *sql.DB
	working bool
}

// New builds a Queue on cfg's database; River's tables must exist (Migrate).
func New(cfg Config) (*Queue, error) {
	if cfg.Write == nil {
		return nil, errors.New("jobs: no database")
	}
	driver, err := newDriver(cfg.Engine, cfg.Write)
	if err != nil {
		return nil, err
	}
	workers := &Workers{river: river.NewWorkers()}
	if cfg.Register != nil {
		cfg.Register(workers)
	}
	rc := clientConfig(cfg, workers.river)
	rc.PeriodicJobs = workers.periodic
	if workers.n == 0 {
		// An insert-only client: River refuses to start one without
		// workers, and cannot check kinds it does not know.
		rc.Queues, rc.SkipUnknownJobCheck = nil, true
	}
	client, err := river.NewClient(driver, rc)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	read := cfg.Read
	if read == nil {
		read = cfg.Write
	}
	return &Queue{client: client, engine: cfg.Engine, read: read, working: rc.Queues != nil}, nil
}

func newDriver(e Engine, db *sql.DB) (riverdriver.Driver[*sql.Tx], error) {
	switch e {
	case SQLite:
		return riversqlite.New(db), nil
	case Postgres:
		return riverdatabasesql.New(db), nil
	}
	return nil, fmt.Errorf("jobs: unknown engine %q", e)
}

func clientConfig(cfg Config, workers *river.Workers) *river.Config {
	timeout := or(cfg.JobTimeout, time.Minute)
	rescue := max(or(cfg.RescueAfter, 5*time.Minute), timeout+time.Second)
	poll := or(cfg.PollInterval, time.Second)
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &river.Config{
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: or(cfg.Concurrency, 4)}},
		Workers:                     workers,
		MaxAttempts:                 or(cfg.MaxAttempts, 8),
		RetryPolicy:                 cfg.Backoff,
		JobTimeout:                  timeout,
		RescueStuckJobsAfter:        rescue,
		SoftStopTimeout:             or(cfg.StopGrace, 10*time.Second),
		FetchPollInterval:           poll,
		FetchCooldown:               min(river.FetchCooldownDefault, poll),
		CompletedJobRetentionPeriod: or(cfg.CompletedRetention, 24*time.Hour),
		DiscardedJobRetentionPeriod: or(cfg.DiscardedRetention, 7*24*time.Hour),
		Logger:                      logger,
		TestOnly:                    cfg.TestOnly,
	}
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// Enqueued says what EnqueueTx did.
type Enqueued struct {
	ID int64
	// Duplicate is true when a unique job with the same key was already
	// queued, running or completed (and not yet cleaned up): nothing new
	// was inserted and ID is the old job's.
	Duplicate bool
}

// EnqueueTx inserts a job in tx, the transaction of the change that causes
// it: the job exists exactly when that change commits. Workers on any node
// see it after the commit.
func (q *Queue) EnqueueTx(ctx context.Context, tx *sql.Tx, args JobArgs, opts *InsertOpts) (Enqueued, error) {
	res, err := q.client.InsertTx(ctx, tx, args, opts)
	if err != nil {
		return Enqueued{}, fmt.Errorf("jobs: enqueue %s: %w", args.Kind(), err)
	}
	return Enqueued{ID: res.Job.ID, Duplicate: res.UniqueSkippedAsDuplicate}, nil
}

// Start runs this node's workers until Stop; without workers it does nothing.
func (q *Queue) Start(ctx context.Context) error {
	if !q.working {
		return nil
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops fetching, lets in-flight jobs finish for StopGrace, then
// cancels their contexts; River puts a job cancelled by the stop back in
// the queue as available, the attempt not counted, for any node to take. Stop returns when every
// worker has returned or ctx ends.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.working {
		return nil
	}
	if err := q.client.Stop(ctx); err != nil {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return nil
}

// Job reads one job, for tests and operations.
func (q *Queue) Job(ctx context.Context, id int64) (*JobRow, error) {
	return q.client.JobGet(ctx, id)
}

// Client is River's client, for what this package does not wrap.
func (q *Queue) Client() *river.Client[*sql.Tx] { return q.client }
