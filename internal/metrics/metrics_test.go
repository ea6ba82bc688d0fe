package metrics

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestExpositionParsesAndAddsUp(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounterVec("test_events_total", "Events\nseen, by \\kind.", "kind")
	c.With(`a"b\c` + "\nd").Add(2)
	c.With("plain").Inc()
	g := r.NewGauge("test_temperature", "A gauge.")
	g.Set(-3.5)
	r.NewGaugeFunc("test_read_at_scrape", "Read when written.", func() float64 { return 42 })
	r.NewCounterFunc("test_counted_elsewhere_total", "Counted elsewhere.", func() float64 { return 7 })
	h := r.NewHistogramVec("test_latency_seconds", "A histogram.", []float64{1, 0.1, 0.5}, "route")
	for _, v := range []float64{0.05, 0.1, 0.3, 0.7, 3} {
		h.With("GET /x").Observe(v)
	}

	var sb strings.Builder
	if err := r.WriteText(&sb); err != nil {
		t.Fatal(err)
	}
	e := parseText(t, sb.String())

	want := []struct {
		name   string
		labels map[string]string
		value  float64
	}{
		{"test_events_total", map[string]string{"kind": `a"b\c` + "\nd"}, 2},
		{"test_events_total", map[string]string{"kind": "plain"}, 1},
		{"test_temperature", nil, -3.5},
		{"test_read_at_scrape", nil, 42},
		{"test_counted_elsewhere_total", nil, 7},
		// Buckets are cumulative and sorted whatever order they were given in.
		{"test_latency_seconds_bucket", map[string]string{"route": "GET /x", "le": "0.1"}, 2},
		{"test_latency_seconds_bucket", map[string]string{"route": "GET /x", "le": "0.5"}, 3},
		{"test_latency_seconds_bucket", map[string]string{"route": "GET /x", "le": "1"}, 4},
		{"test_latency_seconds_bucket", map[string]string{"route": "GET /x", "le": "+Inf"}, 5},
		{"test_latency_seconds_count", map[string]string{"route": "GET /x"}, 5},
		{"test_latency_seconds_sum", map[string]string{"route": "GET /x"}, 4.15},
	}
	for _, w := range want {
		got, ok := e.find(w.name, w.labels)
		if !ok {
			t.Errorf("%s%v missing from:\n%s", w.name, w.labels, sb.String())
			continue
		}
		if math.Abs(got-w.value) > 1e-9 {
			t.Errorf("%s%v = %v, want %v", w.name, w.labels, got, w.value)
		}
	}
	for name, typ := range map[string]string{"test_events_total": "counter", "test_temperature": "gauge", "test_latency_seconds": "histogram"} {
		if e.types[name] != typ {
			t.Errorf("TYPE %s = %q, want %q", name, e.types[name], typ)
		}
	}
	if e.helps["test_events_total"] != `Events\nseen, by \\kind.` {
		t.Errorf("help not escaped: %q", e.helps["test_events_total"])
	}
}

func TestRegistrationMistakesPanic(t *testing.T) {
	cases := map[string]func(r *Registry){
		"bad name":       func(r *Registry) { r.NewGauge("bad-name", "") },
		"le label":       func(r *Registry) { r.NewHistogramVec("h", "", []float64{1}, "le") },
		"twice":          func(r *Registry) { r.NewGauge("g", ""); r.NewGauge("g", "") },
		"label count":    func(r *Registry) { r.NewCounterVec("c", "", "a").With("x", "y") },
		"repeat buckets": func(r *Registry) { r.NewHistogramVec("h", "", []float64{1, 1}) },
		"negative add":   func(r *Registry) { r.NewCounter("c", "").Add(-1) },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			f(NewRegistry())
		})
	}
}

func TestConcurrentCountsAreExact(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounterVec("c_total", "", "k")
	h := r.NewHistogramVec("h", "", []float64{1}, "k")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				c.With("x").Inc()
				h.With("x").Observe(0.5)
			}
		}()
	}
	wg.Wait()
	if got := c.With("x").Value(); got != 8000 {
		t.Fatalf("counter = %v, want 8000", got)
	}
	var sb strings.Builder
	_ = r.WriteText(&sb)
	e := parseText(t, sb.String())
	if v, _ := e.find("h_count", map[string]string{"k": "x"}); v != 8000 {
		t.Fatalf("histogram count = %v, want 8000", v)
	}
	if v, _ := e.find("h_sum", map[string]string{"k": "x"}); v != 4000 {
		t.Fatalf("histogram sum = %v, want 4000", v)
	}
}

func TestHTTPMiddleware(t *testing.T) {
	r := NewRegistry()
	m := NewHTTP(r)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /t/{id}", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	mux.HandleFunc("GET /missing", func(w http.ResponseWriter, _ *http.Request) { http.NotFound(w, nil) })
	mux.HandleFunc("GET /stream", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		http.NewResponseController(w).Flush()
	})
	// A middleware between the two that replaces the request (as identity
	// resolution does) and wraps the writer (as compression does) must not
	// hide the pattern.
	inner := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(wrapped{w}, r.WithContext(r.Context()))
		})
	}
	h := m.Middleware(inner(m.Route(mux)))
	for _, target := range []string{"/t/1", "/t/2", "/missing", "/stream", "/nowhere"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", target, nil))
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("BREW", "/t/1", nil))

	var sb strings.Builder
	_ = r.WriteText(&sb)
	e := parseText(t, sb.String())
	cases := []struct {
		route, method, code string
		want                float64
	}{
		{"GET /t/{id}", "GET", "2xx", 2},
		{"GET /missing", "GET", "4xx", 1},
		{"GET /stream", "GET", "2xx", 1},
		{"unmatched", "GET", "4xx", 1}, // the mux's own 404 matched no pattern
		{"unmatched", "other", "4xx", 1},
	}
	for _, c := range cases {
		got, ok := e.find("parley_http_requests_total", map[string]string{"route": c.route, "method": c.method, "code": c.code})
		if !ok || got != c.want {
			t.Errorf("requests{%s %s %s} = %v (present %v), want %v\n%s", c.route, c.method, c.code, got, ok, c.want, sb.String())
		}
	}
	if v, _ := e.find("parley_http_request_duration_seconds_count", map[string]string{"route": "GET /t/{id}"}); v != 2 {
		t.Errorf("latency count for GET /t/{id} = %v, want 2", v)
	}
	if _, ok := e.find("parley_http_request_duration_seconds_count", map[string]string{"route": "GET /stream"}); ok {
		t.Error("an event stream was counted in the latency histogram")
	}
}

type wrapped struct{ http.ResponseWriter }

func (w wrapped) Unwrap() http.ResponseWriter { return w.ResponseWriter }
