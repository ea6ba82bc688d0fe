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
		r.NewDBStats(p.name, db)
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
	lu := s.live
	r.NewCounterFunc("parley_live_bus_returns_total", "Times the event bus connection came back; each dropped every cached page and told every stream to reload.",
		func() float64 { return float64(lu.returns.Load()) })
	r.NewCounterFunc("parley_live_bad_messages_total", "Bus messages whose payload did not decode (another release or a stranger on the bus).",
		func() float64 { return float64(lu.badData.Load()) })

	r.NewGaugeFunc("parley_view_flush_lag_seconds", "Time since buffered view counts last reached the database.", func() float64 {
		return time.Since(time.Unix(0, s.flushOK.Load())).Seconds()
	})
	r.NewCounterFunc("parley_view_flush_errors_total", "View flushes that failed (the counts are kept for the next one).",
		func() float64 { return float64(s.flushErrs.Load()) })

	s.registerCacheMetrics(r)
	s.registerJobMetrics(r)
	s.mail.registerMetrics(r)
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

// registerCacheMetrics reports the page cache: lookups that found a page
// and lookups that had to render, their ratio since start, and entries.
func (s *Server) registerCacheMetrics(r *metrics.Registry) {
	c := s.cache
	r.NewCounterFunc("parley_pagecache_hits_total", "Signed-out page requests answered from the page cache.", func() float64 {
		h, _, _ := c.Stats()
		return float64(h)
	})
	r.NewCounterFunc("parley_pagecache_misses_total", "Signed-out page requests the page cache could not answer.", func() float64 {
		_, m, _ := c.Stats()
		return float64(m)
	})
	r.NewGaugeFunc("parley_pagecache_hit_ratio", "Hits over lookups since the node started (rate the two counters for a recent ratio).", func() float64 {
		h, m, _ := c.Stats()
		if h+m == 0 {
			return 0
		}
		return float64(h) / float64(h+m)
	})
	r.NewGaugeFunc("parley_pagecache_entries", "Pages held in the page cache.", func() float64 {
		_, _, n := c.Stats()
		return float64(n)
	})
}

// registerJobMetrics reports the background job queue, which all nodes
// share: the same numbers on every node.
func (s *Server) registerJobMetrics(r *metrics.Registry) {
	js := &jobStats{q: s.Jobs, log: s.Logger}
	r.NewGaugeFunc("parley_jobs_queued", "Background jobs waiting: available, scheduled or waiting to retry.",
		func() float64 { return float64(js.get().Queued) })
	r.NewGaugeFunc("parley_jobs_running", "Background jobs being worked on some node.",
		func() float64 { return float64(js.get().Running) })
	r.NewGaugeFunc("parley_jobs_failed", "Background jobs discarded after their last attempt, kept with their errors for 7 days.",
		func() float64 { return float64(js.get().Failed) })
	r.NewGaugeFunc("parley_jobs_oldest_age_seconds", "How long the oldest job that could run now has waited.",
		func() float64 { return js.get().OldestAge.Seconds() })
}
