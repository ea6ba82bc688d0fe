package metrics

import (
	"net/http"
	"strings"
	"time"
)

// HTTP measures requests: a count by route pattern, method and status
// class, and a latency histogram by route pattern. Route patterns ("GET
// /t/{slug}/{id}") rather than paths keep the number of series bounded
// whatever URLs clients invent.
type HTTP struct {
	requests *CounterVec
	latency  *HistogramVec
}

// NewHTTP registers the request metrics on r.
func NewHTTP(r *Registry) *HTTP {
	return &HTTP{
		requests: r.NewCounterVec("parley_http_requests_total", "HTTP requests answered, by route pattern, method and status class.", "route", "method", "code"),
		latency: r.NewHistogramVec("parley_http_request_duration_seconds", "Time to answer an HTTP request, by route pattern; event streams are left out.",
			DefaultLatencyBuckets, "route"),
	}
}

// Middleware measures every request that passes through it. Put it near
// the outside of the chain so the time spent in other middleware counts,
// and wrap the ServeMux itself with Route so the pattern is known.
func (h *HTTP) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		completed := false
		defer func() {
			code := "aborted"
			switch status := rec.status; {
			case status == 0 && completed:
				code = "2xx"
			case status > 0:
				code = statusClasses[min(status/100, 5)]
			}
			pattern := rec.pattern
			if pattern == "" {
				pattern = "unmatched"
			}
			h.requests.With(pattern, methodLabel(r.Method), code).Inc()
			// A stream's duration is how long someone kept a page open,
			// not how fast parley answered.
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/event-stream") {
				h.latency.With(pattern).Observe(time.Since(start).Seconds())
			}
		}()
		next.ServeHTTP(rec, r)
		completed = true
	})
}

// Route wraps the ServeMux. ServeMux records the matched pattern on the
// request it was given, which middleware in between may have replaced, so
// the pattern travels back on the response writer instead: Route unwraps
// the writers it was handed until it reaches Middleware's recorder. This
// costs no allocation per request, unlike a context value would.
func (h *HTTP) Route(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if rec := findRecorder(w); rec != nil {
				rec.pattern = r.Pattern
			}
		}()
		mux.ServeHTTP(w, r)
	})
}

// findRecorder follows Unwrap, which every writer wrapper in parley has
// for http.ResponseController, down to the recorder.
func findRecorder(w http.ResponseWriter) *recorder {
	for i := 0; i < 16 && w != nil; i++ {
		if rec, ok := w.(*recorder); ok {
			return rec
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return nil
		}
		w = u.Unwrap()
	}
	return nil
}

var statusClasses = [...]string{"0xx", "1xx", "2xx", "3xx", "4xx", "5xx"}

func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// recorder remembers the status. It forwards flushes and unwraps for
// http.ResponseController, which event streams need.
type recorder struct {
	http.ResponseWriter
	status  int
	pattern string
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 && code >= 200 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.ResponseWriter.Write(p)
}

func (rec *recorder) Flush() { _ = rec.FlushError() }

func (rec *recorder) FlushError() error {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return http.NewResponseController(rec.ResponseWriter).Flush()
}

func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }
