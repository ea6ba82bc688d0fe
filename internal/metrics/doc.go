// Package metrics keeps parley's operational numbers and writes them in the
// Prometheus text exposition format (version 0.0.4), so any Prometheus
// compatible scraper can read /metrics without parley carrying a client
// library.
//
// It offers what parley needs and nothing more: counters, gauges and
// histograms with fixed buckets, each optionally split by labels, plus
// values read from elsewhere at scrape time (database pool statistics,
// open event streams). Families are registered once at start-up; the hot
// path (Inc, Add, Observe) takes no lock once a label combination exists.
//
// metrics is a leaf: it imports only the standard library.
package metrics
