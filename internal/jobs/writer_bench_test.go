package jobs_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/parley-forum/parley/internal/jobs"
	"github.com/parley-forum/parley/internal/store"
)

// BenchmarkSQLiteStoreWrite measures one store write transaction on
// SQLite's single writer with no queue, and with a started, idle queue
// whose polling and housekeeping share that writer.
func BenchmarkSQLiteStoreWrite(b *testing.B) {
	for _, withQueue := range []bool{false, true} {
		b.Run(fmt.Sprintf("queue=%v", withQueue), func(b *testing.B) {
			ctx := context.Background()
			st, err := store.Open(ctx, filepath.Join(b.TempDir(), "parley.db"), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			if _, err := st.Migrate(ctx); err != nil {
				b.Fatal(err)
			}
			if _, err := jobs.Migrate(ctx, jobs.SQLite, st.Engine().Write); err != nil {
				b.Fatal(err)
			}
			if withQueue {
				q, err := jobs.New(jobs.Config{Engine: jobs.SQLite, Write: st.Engine().Write, Read: st.Engine().Read,
					Register: func(ws *jobs.Workers) { jobs.AddWorker(ws, failWorker{}) }})
				if err != nil {
					b.Fatal(err)
				}
				if err := q.Start(ctx); err != nil {
					b.Fatal(err)
				}
				defer q.Stop(ctx)
			}
			for i := 0; b.Loop(); i++ {
				if _, err := st.SetSettingIfAbsent(ctx, fmt.Sprintf("k%d", i), "v"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
