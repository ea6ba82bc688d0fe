package metrics

import (
	"database/sql"
	"fmt"
	"regexp"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Kind is a metric family's Prometheus type.
type Kind string

// The kinds this package registers.
const (
	KindCounter   Kind = "counter"
	KindGauge     Kind = "gauge"
	KindHistogram Kind = "histogram"
)

// Registry holds the metric families of one process: parley's own
// prometheus.Registry (never the library's global default, so two servers
// in one test process do not share numbers), with the Go runtime and
// process collectors already on it.
type Registry struct {
	reg *prometheus.Registry
}

// NewRegistry returns a registry holding the runtime and process metrics
// (go_*, process_*) and nothing of parley's yet.
func NewRegistry() *Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return &Registry{reg: reg}
}

// Prometheus is the underlying registry, for collectors this package does
// not wrap.
func (r *Registry) Prometheus() *prometheus.Registry { return r.reg }

var (
	nameRE  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelRE = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// register adds a collector after checking its names against the classic
// (pre-UTF-8) rules every scraper accepts. A bad or repeated name is a
// programming error found at start-up, so it panics rather than returning
// an error nobody could handle.
func (r *Registry) register(name string, labels []string, c prometheus.Collector) {
	if !nameRE.MatchString(name) {
		panic(fmt.Sprintf("metrics: invalid name %q", name))
	}
	for _, l := range labels {
		if !labelRE.MatchString(l) || l == "le" {
			panic(fmt.Sprintf("metrics: invalid label %q on %s", l, name))
		}
	}
	if err := r.reg.Register(c); err != nil {
		panic(fmt.Sprintf("metrics: %s: %v", name, err))
	}
}

// NewDBStats reports every field of db's sql.DBStats as go_sql_* metrics
// labelled db_name=name: connections open, in use and idle, waits, and
// connections closed for each limit.
func (r *Registry) NewDBStats(name string, db *sql.DB) {
	r.register("go_sql", nil, collectors.NewDBStatsCollector(db, name))
}
