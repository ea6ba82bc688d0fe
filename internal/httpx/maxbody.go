package httpx

import "net/http"

// MaxBody limits request bodies to n bytes. Reading past the limit fails
// with *http.MaxBytesError, which form and JSON decoding surface to the
// handler so it can answer 413, and the server closes the connection
// instead of draining an oversized upload.
func MaxBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = http.MaxBytesReader(w, r.Body, n)
			}
			next.ServeHTTP(w, r)
		})
	}
}
