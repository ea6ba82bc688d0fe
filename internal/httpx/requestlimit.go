package httpx

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// AllowFunc decides whether one more request from key may proceed now and,
// when not, how long the client should wait.
type AllowFunc func(ctx context.Context, key string) (ok bool, retryAfter time.Duration, err error)

// RequestLimit is the overall per-client request limit: it answers 429 with
// Retry-After once allow refuses a client's address. Health checks and
// static assets are never limited, so load balancers and page loads of a
// throttled visitor keep working. A failing limiter lets requests through:
// an outage of the limit's store must not become an outage of the forum.
func RequestLimit(allow AllowFunc, clientIP func(*http.Request) string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if exemptFromRequestLimit(r.URL.Path) {
				next.ServeHTTP(w, r)
				return
			}
			ok, retry, err := allow(r.Context(), clientIP(r))
			if err != nil || ok {
				next.ServeHTTP(w, r)
				return
			}
			secs := int(math.Ceil(retry.Seconds()))
			if secs < 1 {
				secs = 1
			}
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			if strings.HasPrefix(r.URL.Path, "/api/") || strings.Contains(r.Header.Get("Accept"), "application/json") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusTooManyRequests)
				_, _ = w.Write([]byte(`{"error":{"code":"rate_limited","message":"Too many requests from your address; try again in ` + strconv.Itoa(secs) + ` seconds."}}` + "\n"))
				return
			}
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte("Too many requests from your address; try again in " + strconv.Itoa(secs) + " seconds.\n"))
		})
	}
}

func exemptFromRequestLimit(path string) bool {
	return path == "/healthz" || path == "/readyz" || strings.HasPrefix(path, "/static/") || path == "/favicon.ico"
}
