package httpx

import (
	"net/http"
	"strconv"
	"time"
)

// DefaultCSP allows only same-origin scripts, styles, fonts and connections;
// images may also come over HTTPS or data: URLs because posts embed them.
// No inline script or style is allowed anywhere.
const DefaultCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// permissionsPolicy turns off powerful features a forum never uses, so an
// injected or embedded script cannot ask for them either.
const permissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

// SecurityOption adjusts SecurityHeaders.
type SecurityOption func(*securityConfig)

type securityConfig struct {
	hsts  string
	isTLS func(*http.Request) bool
}

// WithHSTS adds Strict-Transport-Security with the given max-age (and
// includeSubDomains when asked) to responses for requests that arrived over
// TLS. Browsers ignore the header over plain HTTP, and sending it there only
// misleads whoever reads the headers.
func WithHSTS(maxAge time.Duration, includeSubDomains bool) SecurityOption {
	v := "max-age=" + strconv.FormatInt(int64(maxAge/time.Second), 10)
	if includeSubDomains {
		v += "; includeSubDomains"
	}
	return func(c *securityConfig) { c.hsts = v }
}

// WithTLSDetector replaces the test for "this request came over TLS", which
// by default is r.TLS != nil. Deployments terminating TLS at a trusted proxy
// pass a function that checks the proxy's forwarded-protocol header.
func WithTLSDetector(isTLS func(*http.Request) bool) SecurityOption {
	return func(c *securityConfig) { c.isTLS = isTLS }
}

// SecurityHeaders sets the browser hardening headers on every response
// before the handler runs, so errors and panics get them too. An empty csp
// means DefaultCSP. Handlers may still override any header.
func SecurityHeaders(csp string, opts ...SecurityOption) func(http.Handler) http.Handler {
	if csp == "" {
		csp = DefaultCSP
	}
	cfg := securityConfig{isTLS: func(r *http.Request) bool { return r.TLS != nil }}
	for _, o := range opts {
		o(&cfg)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", permissionsPolicy)
			if cfg.hsts != "" && cfg.isTLS(r) {
				h.Set("Strict-Transport-Security", cfg.hsts)
			}
			next.ServeHTTP(w, r)
		})
	}
}
