package metrics

import (
	"fmt"
	"math"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// sample is one line of the text format, as a scraper reads it.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

// exposition is a parsed scrape: families by name with their type and
// help, and the samples flattened the way the text format writes them.
type exposition struct {
	types   map[string]string
	helps   map[string]string
	samples []sample
}

// parseText reads text with Prometheus's own parser (which rejects what a
// scraper would: bad syntax, a family declared twice, samples out of
// place) and checks every histogram is self-consistent.
func parseText(t *testing.T, text string) *exposition {
	t.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	families, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, text)
	}
	e := &exposition{types: map[string]string{}, helps: map[string]string{}}
	for name, f := range families {
		e.types[name] = strings.ToLower(f.GetType().String())
		e.helps[name] = escapeHelp(f.GetHelp())
		for _, m := range f.GetMetric() {
			if err := e.add(name, f.GetType(), m); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	return e
}

// escapeHelp gives help text as the text format writes it, which the
// tests compare against.
func escapeHelp(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(s)
}

func (e *exposition) add(name string, typ dto.MetricType, m *dto.Metric) error {
	labels := map[string]string{}
	for _, l := range m.GetLabel() {
		labels[l.GetName()] = l.GetValue()
	}
	with := func(k, v string) map[string]string {
		out := map[string]string{k: v}
		for a, b := range labels {
			out[a] = b
		}
		return out
	}
	switch typ {
	case dto.MetricType_COUNTER:
		e.samples = append(e.samples, sample{name, labels, m.GetCounter().GetValue()})
	case dto.MetricType_GAUGE:
		e.samples = append(e.samples, sample{name, labels, m.GetGauge().GetValue()})
	case dto.MetricType_UNTYPED:
		e.samples = append(e.samples, sample{name, labels, m.GetUntyped().GetValue()})
	case dto.MetricType_SUMMARY:
		s := m.GetSummary()
		e.samples = append(e.samples, sample{name + "_sum", labels, s.GetSampleSum()},
			sample{name + "_count", labels, float64(s.GetSampleCount())})
	case dto.MetricType_HISTOGRAM:
		h := m.GetHistogram()
		if err := checkHistogram(h); err != nil {
			return err
		}
		for _, b := range h.GetBucket() {
			le := "+Inf"
			if !math.IsInf(b.GetUpperBound(), 1) {
				le = model.SampleValue(b.GetUpperBound()).String()
			}
			e.samples = append(e.samples, sample{name + "_bucket", with("le", le), float64(b.GetCumulativeCount())})
		}
		e.samples = append(e.samples, sample{name + "_sum", labels, h.GetSampleSum()},
			sample{name + "_count", labels, float64(h.GetSampleCount())})
	}
	return nil
}

// checkHistogram holds a histogram to what a scraper assumes: bounds
// increasing, cumulative counts never decreasing, and a +Inf bucket equal
// to the count.
func checkHistogram(h *dto.Histogram) error {
	prevLE, prevN := math.Inf(-1), uint64(0)
	var inf *uint64
	for _, b := range h.GetBucket() {
		if b.GetUpperBound() <= prevLE {
			return fmt.Errorf("bucket bounds not increasing at %v", b.GetUpperBound())
		}
		if b.GetCumulativeCount() < prevN {
			return fmt.Errorf("bucket le=%v counts %d after %d: not cumulative", b.GetUpperBound(), b.GetCumulativeCount(), prevN)
		}
		prevLE, prevN = b.GetUpperBound(), b.GetCumulativeCount()
		if math.IsInf(b.GetUpperBound(), 1) {
			n := b.GetCumulativeCount()
			inf = &n
		}
	}
	if inf == nil {
		return fmt.Errorf("no +Inf bucket")
	}
	if *inf != h.GetSampleCount() {
		return fmt.Errorf("+Inf bucket %d, count %d", *inf, h.GetSampleCount())
	}
	return nil
}

// find returns the value of the sample with name and exactly labels.
func (e *exposition) find(name string, labels map[string]string) (float64, bool) {
outer:
	for _, s := range e.samples {
		if s.name != name || len(s.labels) != len(labels) {
			continue
		}
		for k, v := range labels {
			if s.labels[k] != v {
				continue outer
			}
		}
		return s.value, true
	}
	return 0, false
}
