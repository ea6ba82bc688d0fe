package httpx

import (
	"log/slog"
	"net/http"
	"time"
)

// AccessLog logs one Info line per request after it completes: method,
// path, status, bytes, duration and request id (when RequestID runs outside
// it). It logs from a deferred call, so a request whose handler panics past
// it (http.ErrAbortHandler, or any panic when Recover is not inside it) is
// still logged, marked aborted=true with whatever status had been sent (0 if
// none). A request that completed without writing is logged as 200, which
// is what net/http sends for it.
func AccessLog(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := NewStatusRecorder(w)
			completed := false
			defer func() {
				status := rec.Status()
				if status == 0 && completed {
					status = http.StatusOK
				}
				attrs := []slog.Attr{
					slog.String("method", r.Method),
					slog.String("path", r.URL.Path),
					slog.Int("status", status),
					slog.Int64("bytes", rec.Bytes()),
					slog.Duration("duration", time.Since(start)),
					slog.String("request_id", RequestIDFrom(r.Context())),
				}
				if !completed {
					attrs = append(attrs, slog.Bool("aborted", true))
				}
				logger.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
			}()
			next.ServeHTTP(rec, r)
			completed = true
		})
	}
}
