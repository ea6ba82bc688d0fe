package app

import (
	"context"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/jobs"
)

// purgeDeletedArgs is the retention job: purge what was deleted more than
// --deleted-retention ago (forum.Service.PurgeExpired).
type purgeDeletedArgs struct{}

func (purgeDeletedArgs) Kind() string { return "purge_deleted" }

type purgeDeletedWorker struct {
	jobs.WorkerDefaults[purgeDeletedArgs]
	svc       *forum.Service
	retention time.Duration
}

func (w *purgeDeletedWorker) Work(ctx context.Context, _ *jobs.Job[purgeDeletedArgs]) error {
	_, err := w.svc.PurgeExpired(ctx, w.retention)
	return err
}

// purgeEvery is how often the retention job looks for expired deletes.
const purgeEvery = time.Hour

// registerPurge adds the retention job when a retention is set: an hourly
// periodic job (scheduled by River's leader, so once across all nodes).
func registerPurge(ws *jobs.Workers, svc *forum.Service, retention time.Duration) {
	if retention <= 0 {
		return
	}
	jobs.AddWorker(ws, &purgeDeletedWorker{svc: svc, retention: retention})
	jobs.AddPeriodic(ws, purgeEvery, func() jobs.JobArgs { return purgeDeletedArgs{} })
}
