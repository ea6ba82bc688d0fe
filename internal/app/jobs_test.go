package app

import (
	"context"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/jobs"
	"github.com/parley-forum/parley/internal/store"
)

type holdArgs struct{}

func (holdArgs) Kind() string { return "test.hold" }

// holdWorker reports its start, works until its context ends and reports
// that it returned.
type holdWorker struct {
	jobs.WorkerDefaults[holdArgs]
	started, returned chan struct{}
}

func (w holdWorker) Work(ctx context.Context, _ *jobs.Job[holdArgs]) error {
	close(w.started)
	<-ctx.Done()
	close(w.returned)
	return ctx.Err()
}

// enqueueCommitted enqueues args in a write transaction of the node's
// store, as a store method would.
func enqueueCommitted(t *testing.T, srv *Server, args jobs.JobArgs) int64 {
	t.Helper()
	ctx := context.Background()
	tx, err := srv.Store.Engine().Write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := srv.Jobs.EnqueueTx(ctx, tx, args, nil)
	if err != nil {
		tx.Rollback()
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return res.ID
}

// TestServeStopsJobsOnShutdown: the node's workers run while it serves;
// on shutdown Serve returns only after the running job's worker has
// returned, and the job is back in the queue for the next node.
func TestServeStopsJobsOnShutdown(t *testing.T) {
	w := holdWorker{started: make(chan struct{}), returned: make(chan struct{})}
	n, stop := startNodeManual(t, map[string]string{"PARLEY_SHUTDOWN_TIMEOUT": "2s"},
		buildOptions{jobs: func(ws *jobs.Workers) { jobs.AddWorker(ws, w) }})
	defer stop()
	id := enqueueCommitted(t, n.srv, holdArgs{})
	<-w.started
	m := waitScrape(t, n.url, func(m map[string]float64) bool { return m["parley_jobs_running"] == 1 })
	if m["parley_jobs_queued"] != 0 || m["parley_jobs_failed"] != 0 {
		t.Errorf("while one job runs: queued %v, failed %v; want 0 and 0", m["parley_jobs_queued"], m["parley_jobs_failed"])
	}
	url := n.srv.Config.DatabaseURL
	stop()
	select {
	case <-w.returned:
	default:
		t.Fatal("Serve returned while a job was still running")
	}
	st, err := store.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var state string
	if err := st.Engine().Read.QueryRow(`SELECT state FROM river_job WHERE id = ?`, id).Scan(&state); err != nil {
		t.Fatal(err)
	}
	if state != "available" {
		t.Fatalf("job after shutdown is %s, want available for another node", state)
	}
}

// waitScrape scrapes /metrics until cond holds (the job numbers are read
// at most once a second).
func waitScrape(t *testing.T, url string, cond func(map[string]float64) bool) map[string]float64 {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		m := scrape(t, url+"/metrics")
		if cond(m) {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics never reached the expected values: %v", m)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestMetricFamilies: /metrics parses with Prometheus's parser and carries
// every family parley promises: requests, database pools, live updates,
// views, page cache, job queue, Go runtime and process.
func TestMetricFamilies(t *testing.T) {
	n := startNode(t, nil, buildOptions{})
	fetch(t, n.url+"/latest")
	fetch(t, n.url+"/latest")
	families := scrapeFamilies(t, n.url+"/metrics")
	want := map[string]string{
		"parley_http_requests_total":           "COUNTER",
		"parley_http_request_duration_seconds": "HISTOGRAM",
		"parley_db_read_open_connections":      "GAUGE",
		"parley_db_write_wait_count_total":     "COUNTER",
		"go_sql_open_connections":              "GAUGE",
		"go_sql_wait_duration_seconds_total":   "COUNTER",
		"parley_live_clients":                  "GAUGE",
		"parley_view_flush_lag_seconds":        "GAUGE",
		"parley_pagecache_hits_total":          "COUNTER",
		"parley_pagecache_misses_total":        "COUNTER",
		"parley_pagecache_hit_ratio":           "GAUGE",
		"parley_jobs_queued":                   "GAUGE",
		"parley_jobs_running":                  "GAUGE",
		"parley_jobs_failed":                   "GAUGE",
		"parley_jobs_oldest_age_seconds":       "GAUGE",
		"go_goroutines":                        "GAUGE",
		"go_gc_duration_seconds":               "SUMMARY",
		"process_cpu_seconds_total":            "COUNTER",
		"process_resident_memory_bytes":        "GAUGE",
	}
	for name, typ := range want {
		f, ok := families[name]
		if !ok {
			t.Errorf("%s missing", name)
			continue
		}
		if got := f.GetType().String(); got != typ {
			t.Errorf("%s is a %s, want %s", name, got, typ)
		}
	}
	m := scrape(t, n.url+"/metrics")
	for _, db := range []string{"read", "write"} {
		if _, ok := m[`go_sql_max_open_connections{db_name="`+db+`"}`]; !ok {
			t.Errorf("no pool statistics for the %s pool", db)
		}
	}
	// Two signed-out requests for one page: a miss, then a hit.
	if m["parley_pagecache_hits_total"] < 1 || m["parley_pagecache_misses_total"] < 1 {
		t.Errorf("page cache hits %v, misses %v; want at least one of each", m["parley_pagecache_hits_total"], m["parley_pagecache_misses_total"])
	}
}
