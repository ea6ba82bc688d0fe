package metrics

import (
	"fmt"
	"regexp"
	"sort"
	"sync"
)

// Kind is a metric family's Prometheus type.
type Kind string

// The kinds this package writes.
const (
	KindCounter   Kind = "counter"
	KindGauge     Kind = "gauge"
	KindHistogram Kind = "histogram"
)

// Registry holds the metric families of one process.
type Registry struct {
	mu       sync.Mutex
	families map[string]*family
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{families: make(map[string]*family)}
}

var (
	nameRE  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelRE = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// family is one named metric with its label names and the series created
// for each combination of label values.
type family struct {
	name, help string
	kind       Kind
	labels     []string
	buckets    []float64 // histograms only

	mu     sync.RWMutex
	series map[string]*series // key: label values joined by \xff
	read   func() float64     // for a family whose value is read at scrape time
}

// register adds a family. A bad or repeated name is a programming error
// found at start-up, so it panics rather than returning an error nobody
// could handle.
func (r *Registry) register(f *family) *family {
	if !nameRE.MatchString(f.name) {
		panic(fmt.Sprintf("metrics: invalid name %q", f.name))
	}
	for _, l := range f.labels {
		if !labelRE.MatchString(l) || l == "le" {
			panic(fmt.Sprintf("metrics: invalid label %q on %s", l, f.name))
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.families[f.name]; dup {
		panic(fmt.Sprintf("metrics: %s registered twice", f.name))
	}
	f.series = make(map[string]*series)
	r.families[f.name] = f
	return f
}

// sorted returns the families in name order, so output is stable.
func (r *Registry) sorted() []*family {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*family, 0, len(r.families))
	for _, f := range r.families {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// with returns the series for values, creating it on first use.
func (f *family) with(values []string) *series {
	if len(values) != len(f.labels) {
		panic(fmt.Sprintf("metrics: %s takes %d label values, got %d", f.name, len(f.labels), len(values)))
	}
	// The lookup converts the key bytes in the index expression, which
	// the compiler does without allocating: the hot path stays free of
	// garbage once a series exists.
	var buf [128]byte
	kb := appendKey(buf[:0], values)
	f.mu.RLock()
	s := f.series[string(kb)]
	f.mu.RUnlock()
	if s != nil {
		return s
	}
	key := string(kb)
	f.mu.Lock()
	defer f.mu.Unlock()
	if s = f.series[key]; s == nil {
		s = &series{values: append([]string(nil), values...)}
		if f.kind == KindHistogram {
			s.buckets = make([]uint64Counter, len(f.buckets))
		}
		f.series[key] = s
	}
	return s
}

func appendKey(b []byte, values []string) []byte {
	for _, v := range values {
		b = append(b, v...)
		b = append(b, 0xff)
	}
	return b
}

func joinKey(values []string) string { return string(appendKey(nil, values)) }

// snapshot returns the series sorted by label values.
func (f *family) snapshot() []*series {
	f.mu.RLock()
	out := make([]*series, 0, len(f.series))
	for _, s := range f.series {
		out = append(out, s)
	}
	f.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return joinKey(out[i].values) < joinKey(out[j].values) })
	return out
}
