package httpx

import "net/http"

// Middleware wraps a handler with extra behaviour.
type Middleware = func(http.Handler) http.Handler

// Chain wraps h so that mw[0] is outermost: a request passes through mw in
// the order written and then reaches h. Chain(h, A, B) is A(B(h)).
func Chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}
