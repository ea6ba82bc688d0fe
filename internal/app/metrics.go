package app

import (
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/parley-forum/parley/internal/metrics"
)

// registerMetrics declares what /metrics reports beyond requests: the
// database pools, live updates and view flushing. Values other components
// already keep are read when scraped, so nothing is counted twice.
func (s *Server) registerMetrics() *metrics.Registry {
	r := metrics.NewRegistry()
	eng := s.Store.Engine()
	type pool struct {
		name string
		db   *sql.DB
	}
	pools := []pool{{"read", eng.Read}}
	if eng.Write != eng.Read {
		// SQLite's single writer connection is its own pool.
		pools = append(pools, pool{"write", eng.Write})
	}
	for _, p := range pools {
		db := p.db
		stat := func(f func(sql.DBStats) float64) func() float64 { return func() float64 { return f(db.Stats()) } }
		prefix := "parley_db_" + p.name + "_"
		what := fmt.Sprintf(" (%s pool)", p.name)
		r.NewGaugeFunc(prefix+"max_open_connections", "Most connections the pool may open"+what+".",
			stat(func(st sql.DBStats) float64 { return float64(st.MaxOpenConnections) }))
		r.NewGaugeFunc(prefix+"open_connections", "Connections open, in use or idle"+what+".",
			stat(func(st sql.DBStats) float64 { return float64(st.OpenConnections) }))
		r.NewGaugeFunc(prefix+"in_use_connections", "Connections in use"+what+".",
			stat(func(st sql.DBStats) float64 { return float64(st.InUse) }))
		r.NewCounterFunc(prefix+"wait_count_total", "Times a query waited for a free connection"+what+".",
			stat(func(st sql.DBStats) float64 { return float64(st.WaitCount) }))
		r.NewCounterFunc(prefix+"wait_seconds_total", "Time spent waiting for a free connection"+what+".",
			stat(func(st sql.DBStats) float64 { return st.WaitDuration.Seconds() }))
	}

	b := s.live.broker
	r.NewGaugeFunc("parley_live_clients", "Event streams open on this node.", func() float64 { return float64(b.Clients()) })
	r.NewCounterFunc("parley_live_dropped_clients_total", "Event streams ended because the browser fell behind.",
		func() float64 { return float64(b.Dropped()) })
	p := s.live.pub
	r.NewCounterFunc("parley_live_publish_dropped_total", "Domain events not published because the queue to the bus was full.",
		func() float64 { return float64(p.dropped.Load()) })
	r.NewCounterFunc("parley_live_publish_errors_total", "Messages the event bus refused.",
		func() float64 { return float64(p.failed.Load()) })
	r.NewGaugeFunc("parley_live_publish_queue", "Domain events waiting to be published.", func() float64 { return float64(len(p.queue)) })
	ready := s.live.ready
	r.NewGaugeFunc("parley_live_bus_up", "1 while the connection to the event bus ("+s.live.kind+") is up.", func() float64 {
		if ready == nil || ready() == nil {
			return 1
		}
		return 0
	})

	r.NewGaugeFunc("parley_view_flush_lag_seconds", "Time since buffered view counts last reached the database.", func() float64 {
		return time.Since(time.Unix(0, s.flushOK.Load())).Seconds()
	})
	r.NewCounterFunc("parley_view_flush_errors_total", "View flushes that failed (the counts are kept for the next one).",
		func() float64 { return float64(s.flushErrs.Load()) })
	s.registerRuntimeMetrics(r)
	return r
}

// serveMetrics starts the separate /metrics listener when --metrics-addr
// asks for one, so operators can keep it off the public address.
func (s *Server) serveMetrics() (*http.Server, error) {
	if s.Config.MetricsAddr == "" {
		return nil, nil
	}
	ln, err := net.Listen("tcp", s.Config.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics on %s: %w", s.Config.MetricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.Handler())
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn)}
	go func() { _ = hs.Serve(ln) }()
	s.Logger.Info("metrics are served separately", "listen", ln.Addr().String())
	return hs, nil
}
