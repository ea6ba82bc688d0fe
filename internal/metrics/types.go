package metrics

import (
	"fmt"
	"math"
	"sort"
)

// CounterVec is a counter split by labels.
type CounterVec struct{ f *family }

// Counter only goes up.
type Counter struct{ s *series }

// NewCounter registers a counter without labels.
func (r *Registry) NewCounter(name, help string) Counter {
	return r.NewCounterVec(name, help).With()
}

// NewCounterVec registers a counter family with the given label names.
func (r *Registry) NewCounterVec(name, help string, labels ...string) *CounterVec {
	return &CounterVec{r.register(&family{name: name, help: help, kind: KindCounter, labels: labels})}
}

// With returns the counter for one combination of label values.
func (v *CounterVec) With(values ...string) Counter { return Counter{v.f.with(values)} }

// Inc adds one.
func (c Counter) Inc() { c.s.value.add(1) }

// Add adds d, which must not be negative.
func (c Counter) Add(d float64) {
	if d < 0 {
		panic("metrics: counter decreased")
	}
	c.s.value.add(d)
}

// Value reports the current count, for tests.
func (c Counter) Value() float64 { return c.s.value.load() }

// Gauge goes up and down.
type Gauge struct{ s *series }

// NewGauge registers a gauge without labels.
func (r *Registry) NewGauge(name, help string) Gauge {
	f := r.register(&family{name: name, help: help, kind: KindGauge})
	return Gauge{f.with(nil)}
}

// Set replaces the value.
func (g Gauge) Set(v float64) { g.s.value.store(v) }

// Add changes the value by d.
func (g Gauge) Add(d float64) { g.s.value.add(d) }

// NewGaugeFunc registers a gauge whose value read returns at scrape time,
// for numbers another component already keeps (open streams, pool sizes).
func (r *Registry) NewGaugeFunc(name, help string, read func() float64) {
	r.register(&family{name: name, help: help, kind: KindGauge, read: read})
}

// NewCounterFunc registers a counter read at scrape time; read must never
// go down while the process lives.
func (r *Registry) NewCounterFunc(name, help string, read func() float64) {
	r.register(&family{name: name, help: help, kind: KindCounter, read: read})
}

// HistogramVec is a histogram split by labels.
type HistogramVec struct{ f *family }

// Histogram counts observations into fixed buckets.
type Histogram struct {
	s       *series
	buckets []float64
}

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
	return &HistogramVec{r.register(&family{name: name, help: help, kind: KindHistogram, labels: labels, buckets: b})}
}

// With returns the histogram for one combination of label values.
func (v *HistogramVec) With(values ...string) Histogram {
	return Histogram{s: v.f.with(values), buckets: v.f.buckets}
}

// Observe records one value.
func (h Histogram) Observe(v float64) {
	// Buckets are few; a linear scan beats a binary search at this size.
	for i, le := range h.buckets {
		if v <= le {
			h.s.buckets[i].n.Add(1)
			break
		}
	}
	h.s.count.n.Add(1)
	h.s.value.add(v)
}
