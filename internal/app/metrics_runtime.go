package app

import (
	"runtime"

	"github.com/parley-forum/parley/internal/metrics"
)

// registerRuntimeMetrics adds what a soak watches for leaks: goroutines
// and, on SQLite, the size of the write-ahead log (which the checkpointer
// keeps bounded; see store.WALLimit).
func (s *Server) registerRuntimeMetrics(r *metrics.Registry) {
	r.NewGaugeFunc("parley_goroutines", "Goroutines in this process.", func() float64 { return float64(runtime.NumGoroutine()) })
	if s.Store.EngineName() == "sqlite" {
		r.NewGaugeFunc("parley_sqlite_wal_bytes", "Size of the SQLite write-ahead log file.", func() float64 { return float64(s.Store.WALSize()) })
	}
}
