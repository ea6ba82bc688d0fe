package httpx

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"net/http"
)

// RequestIDHeader carries the request id in both directions.
const RequestIDHeader = "X-Request-Id"

const maxRequestIDLen = 64

type requestIDKey struct{}

// lowerBase32 keeps generated ids URL-, log- and filename-safe.
var lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// RequestID gives every request an id: the incoming X-Request-Id when a
// proxy supplied a sane one, otherwise a random one. The id is stored in the
// request context (see RequestIDFrom) and echoed in the response header so a
// user's bug report can be matched to log lines. Incoming ids are only
// accepted if short and made of [A-Za-z0-9._-], because they end up in logs
// and a client must not be able to forge log lines through them.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(RequestIDHeader, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// RequestIDFrom returns the id RequestID stored in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func newRequestID() string {
	var b [10]byte
	rand.Read(b[:]) // never fails; it aborts the process instead
	return lowerBase32.EncodeToString(b[:])
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
