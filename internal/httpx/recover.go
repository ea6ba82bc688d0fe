package httpx

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// Recover turns a handler panic into a 500 response and one Error log line
// carrying the panic value and stack. The client sees onPanic's output (a
// plain-text "Internal Server Error" when onPanic is nil) and never the
// stack. Whatever status onPanic writes, a 500 is sent.
//
// Headers the failed handler added are discarded: the header map is put back
// to what it was when the request reached Recover, so middleware outside
// keeps its headers (security headers, request id) while a half-built
// response's Content-Type, ETag or cookies do not leak into the error page.
//
// If the response had already started when the panic happened, a clean 500
// is impossible; Recover then panics with http.ErrAbortHandler so the server
// cuts the connection and the client sees a truncated response rather than a
// seemingly complete one. http.ErrAbortHandler itself is re-panicked
// untouched, keeping its meaning: abort quietly.
func Recover(logger *slog.Logger, onPanic http.Handler) func(http.Handler) http.Handler {
	if onPanic == nil {
		onPanic = http.HandlerFunc(plainInternalError)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			saved := w.Header().Clone()
			rec := NewStatusRecorder(w)
			defer func() {
				p := recover()
				if p == nil {
					return
				}
				if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(p)
				}
				logger.LogAttrs(r.Context(), slog.LevelError, "panic serving request",
					slog.String("method", r.Method),
					slog.String("path", r.URL.Path),
					slog.String("request_id", RequestIDFrom(r.Context())),
					slog.String("panic", fmt.Sprint(p)),
					slog.Bool("response_started", rec.Written()),
					slog.String("stack", string(debug.Stack())),
				)
				if rec.Written() {
					panic(http.ErrAbortHandler)
				}
				h := w.Header()
				clear(h)
				for k, v := range saved {
					h[k] = v
				}
				h.Set("Cache-Control", "no-store")
				fw := &forceStatus{ResponseWriter: w, code: http.StatusInternalServerError}
				onPanic.ServeHTTP(fw, r)
				fw.WriteHeader(fw.code) // in case onPanic wrote nothing
			}()
			next.ServeHTTP(rec, r)
		})
	}
}

func plainInternalError(w http.ResponseWriter, _ *http.Request) {
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// forceStatus sends code as the status whatever the wrapped handler asks for.
type forceStatus struct {
	http.ResponseWriter
	code  int
	wrote bool
}

func (f *forceStatus) WriteHeader(int) {
	if !f.wrote {
		f.wrote = true
		f.ResponseWriter.WriteHeader(f.code)
	}
}

func (f *forceStatus) Write(p []byte) (int, error) {
	f.WriteHeader(f.code)
	return f.ResponseWriter.Write(p)
}

func (f *forceStatus) Flush() {
	f.WriteHeader(f.code)
	_ = http.NewResponseController(f.ResponseWriter).Flush()
}

func (f *forceStatus) Unwrap() http.ResponseWriter { return f.ResponseWriter }
