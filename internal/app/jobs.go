package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/jobs"
	"github.com/parley-forum/parley/internal/store"
)

// migrateAll applies parley's migrations, then River's: River's tables
// live in the same database so a job can be enqueued in the transaction
// of the change that causes it.
func migrateAll(ctx context.Context, st *store.Store) error {
	if _, err := st.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate database: %w", err)
	}
	if _, err := jobs.Migrate(ctx, jobs.Engine(st.EngineName()), st.Engine().Write); err != nil {
		return fmt.Errorf("migrate job queue: %w", err)
	}
	return nil
}

// registerJobs adds the workers of every job kind this build runs. None
// yet: features that need durable side effects add theirs here.
func registerJobs(*jobs.Workers) {}

// newQueue builds the node's job queue on the store's connections. On
// SQLite River shares the single writer connection with the store, so
// its writes queue behind the store's in Go instead of meeting
// SQLITE_BUSY; the metrics queries use the reader pool.
func newQueue(cfg *config.Config, st *store.Store, logger *slog.Logger, register func(*jobs.Workers)) (*jobs.Queue, error) {
	if register == nil {
		register = registerJobs
	}
	eng := st.Engine()
	q, err := jobs.New(jobs.Config{
		Engine: jobs.Engine(st.EngineName()), Write: eng.Write, Read: eng.Read,
		Logger:   slog.New(warnAndUp{logger.Handler()}).With("component", "jobs"),
		Register: register,
		// Half the shutdown budget for jobs to finish, so a stop that
		// cancels them still returns them to the queue in time.
		StopGrace: cfg.ShutdownTimeout / 2,
	})
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	return q, nil
}

// startJobs runs this node's workers. They get a context of their own:
// SIGTERM ends serve's context first, and the workers must keep going
// until the HTTP server has drained (its requests may enqueue jobs).
func (s *Server) startJobs() error {
	return s.Jobs.Start(context.Background())
}

// stopJobs lets in-flight jobs finish for the grace period, then cancels
// them, and returns once every worker has returned or the shutdown
// timeout has passed.
func (s *Server) stopJobs() {
	ctx, cancel := context.WithTimeout(context.Background(), s.Config.ShutdownTimeout)
	defer cancel()
	if err := s.Jobs.Stop(ctx); err != nil {
		s.Logger.Warn("stop background jobs", "err", err)
	}
}

// jobStats reads the queue's numbers at most once a second, however many
// gauges and scrapers ask.
type jobStats struct {
	q    *jobs.Queue
	log  *slog.Logger
	mu   sync.Mutex
	at   time.Time
	last jobs.Stats
}

func (j *jobStats) get() jobs.Stats {
	j.mu.Lock()
	defer j.mu.Unlock()
	if time.Since(j.at) < time.Second {
		return j.last
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	st, err := j.q.Stats(ctx)
	if err != nil {
		// Keep the last numbers; the database's own metrics show why.
		j.log.Warn("read job queue statistics", "err", err)
		return j.last
	}
	j.at, j.last = time.Now(), st
	return st
}

// warnAndUp passes on River's warnings and errors (failed jobs, lost
// leadership) but not its informational start and stop lines.
type warnAndUp struct{ slog.Handler }

func (h warnAndUp) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}

func (h warnAndUp) WithAttrs(a []slog.Attr) slog.Handler { return warnAndUp{h.Handler.WithAttrs(a)} }

func (h warnAndUp) WithGroup(name string) slog.Handler { return warnAndUp{h.Handler.WithGroup(name)} }
