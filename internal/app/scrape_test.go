package app

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape fetches /metrics, parses it with Prometheus's text parser and
// returns its samples keyed by name{labels} (labels sorted by name, as the
// text format writes them). It fails on anything a scraper would reject
// and on a histogram whose buckets are not cumulative or whose +Inf bucket
// is not its count.
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	families := scrapeFamilies(t, url)
	out := map[string]float64{}
	for name, f := range families {
		for _, m := range f.GetMetric() {
			labels := m.GetLabel()
			key := func(suffix string, extra ...string) string {
				var parts []string
				for _, l := range labels {
					parts = append(parts, l.GetName()+`="`+l.GetValue()+`"`)
				}
				parts = append(parts, extra...)
				slices.Sort(parts)
				if len(parts) == 0 {
					return name + suffix
				}
				return name + suffix + "{" + strings.Join(parts, ",") + "}"
			}
			switch f.GetType() {
			case dto.MetricType_COUNTER:
				out[key("")] = m.GetCounter().GetValue()
			case dto.MetricType_GAUGE:
				out[key("")] = m.GetGauge().GetValue()
			case dto.MetricType_UNTYPED:
				out[key("")] = m.GetUntyped().GetValue()
			case dto.MetricType_SUMMARY:
				out[key("_count")] = float64(m.GetSummary().GetSampleCount())
				out[key("_sum")] = m.GetSummary().GetSampleSum()
			case dto.MetricType_HISTOGRAM:
				h := m.GetHistogram()
				checkHistogram(t, key(""), h)
				for _, b := range h.GetBucket() {
					le := "+Inf"
					if !math.IsInf(b.GetUpperBound(), 1) {
						le = strconv.FormatFloat(b.GetUpperBound(), 'g', -1, 64)
					}
					out[key("_bucket", `le="`+le+`"`)] = float64(b.GetCumulativeCount())
				}
				out[key("_count")] = float64(h.GetSampleCount())
				out[key("_sum")] = h.GetSampleSum()
			}
		}
	}
	return out
}

// scrapeFamilies fetches and parses /metrics.
func scrapeFamilies(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	code, body, h := fetch(t, url)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d", url, code)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Fatalf("Content-Type %q", ct)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	families, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return families
}

func checkHistogram(t *testing.T, name string, h *dto.Histogram) {
	t.Helper()
	var prev uint64
	inf := false
	for _, b := range h.GetBucket() {
		if b.GetCumulativeCount() < prev {
			t.Errorf("%s: bucket le=%v counts %d after %d", name, b.GetUpperBound(), b.GetCumulativeCount(), prev)
		}
		prev = b.GetCumulativeCount()
		if math.IsInf(b.GetUpperBound(), 1) {
			inf = true
			if prev != h.GetSampleCount() {
				t.Errorf("%s: +Inf bucket %d, count %d", name, prev, h.GetSampleCount())
			}
		}
	}
	if !inf {
		t.Errorf("%s: no +Inf bucket", name)
	}
}
