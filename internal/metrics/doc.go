// Package metrics keeps parley's operational numbers and serves them to
// Prometheus-compatible scrapers at /metrics.
//
// It is a thin layer over github.com/prometheus/client_golang with a
// registry of parley's own (never the library's global one): counters,
// gauges and histograms with fixed buckets, each optionally split by
// labels, values read from elsewhere at scrape time (pool statistics, open
// event streams, the page cache), and the Go runtime and process
// collectors on every registry. The rest of parley sees only this small
// API, so a metric is added in one line and the library could be swapped
// without touching call sites. Families are registered once at start-up; a
// bad or repeated name panics then. The hot path (With, Inc, Observe)
// takes no lock once a label combination exists and does not allocate.
//
// metrics imports nothing of parley's.
package metrics
