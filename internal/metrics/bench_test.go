package metrics

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkMiddleware is the cost request metrics add to every request.
func BenchmarkMiddleware(b *testing.B) {
	r := NewRegistry()
	m := NewHTTP(r)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /t/{id}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := m.Middleware(m.Route(mux))
	req := httptest.NewRequest("GET", "/t/1", nil)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, req)
	}
}

func BenchmarkCounterWith(b *testing.B) {
	c := NewRegistry().NewCounterVec("c_total", "", "route", "method", "code")
	b.ReportAllocs()
	for b.Loop() {
		c.With("GET /t/{slug}/{id}", "GET", "2xx").Inc()
	}
}

// BenchmarkBaseline is the same request without metrics, for comparison.
func BenchmarkBaseline(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /t/{id}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	req := httptest.NewRequest("GET", "/t/1", nil)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		mux.ServeHTTP(w, req)
	}
}
