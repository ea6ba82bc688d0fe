package metrics

import (
	"fmt"
	"math"
	"sort"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// CounterVec is a counter split by labels.
type CounterVec struct{ v *prometheus.CounterVec }

// Counter only goes up.
type Counter struct{ c prometheus.Counter }

// NewCounter registers a counter without labels.
func (r *Registry) NewCounter(name, help string) Counter {
	return r.NewCounterVec(name, help).With()
}

// NewCounterVec registers a counter family with the given label names.
func (r *Registry) NewCounterVec(name, help string, labels ...string) *CounterVec {
	v := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	r.register(name, labels, v)
	return &CounterVec{v}
}

// With returns the counter for one combination of label values.
func (v *CounterVec) With(values ...string) Counter { return Counter{v.v.WithLabelValues(values...)} }

// Inc adds one.
func (c Counter) Inc() { c.c.Inc() }

// Add adds d, which must not be negative.
func (c Counter) Add(d float64) {
	if d < 0 {
		panic("metrics: counter decreased")
	}
	c.c.Add(d)
}

// Value reports the current count, for tests.
func (c Counter) Value() float64 {
	var m dto.Metric
	_ = c.c.Write(&m)
	return m.GetCounter().GetValue()
}

// Gauge goes up and down.
type Gauge struct{ g prometheus.Gauge }

// NewGauge registers a gauge without labels.
func (r *Registry) NewGauge(name, help string) Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	r.register(name, nil, g)
	return Gauge{g}
}

// Set replaces the value.
func (g Gauge) Set(v float64) { g.g.Set(v) }

// Add changes the value by d.
func (g Gauge) Add(d float64) { g.g.Add(d) }

// NewGaugeFunc registers a gauge whose value read returns at scrape time,
// for numbers another component already keeps (open streams, pool sizes).
func (r *Registry) NewGaugeFunc(name, help string, read func() float64) {
	r.register(name, nil, prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, read))
}

// NewCounterFunc registers a counter read at scrape time; read must never
// go down while the process lives.
func (r *Registry) NewCounterFunc(name, help string, read func() float64) {
	r.register(name, nil, prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, read))
}

// HistogramVec is a histogram split by labels.
type HistogramVec struct{ v *prometheus.HistogramVec }

// Histogram counts observations into fixed buckets. A scrape sees its
// buckets, sum and count from one consistent moment (the library swaps
// between two sets of counters), so the +Inf bucket always equals the count.
type Histogram struct{ o prometheus.Observer }

// DefaultLatencyBuckets suit request latencies, in seconds.
var DefaultLatencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// NewHistogramVec registers a histogram family. buckets are upper bounds;
// they are sorted, and +Inf is implied.
func (r *Registry) NewHistogramVec(name, help string, buckets []float64, labels ...string) *HistogramVec {
	b := append([]float64(nil), buckets...)
	sort.Float64s(b)
	for i, v := range b {
		if math.IsNaN(v) || math.IsInf(v, 0) || (i > 0 && v == b[i-1]) {
			panic(fmt.Sprintf("metrics: bad buckets for %s: %v", name, buckets))
		}
	}
	v := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: b}, labels)
	r.register(name, labels, v)
	return &HistogramVec{v}
}

// With returns the histogram for one combination of label values.
func (v *HistogramVec) With(values ...string) Histogram {
	return Histogram{v.v.WithLabelValues(values...)}
}

// Observe records one value.
func (h Histogram) Observe(v float64) { h.o.Observe(v) }
