// Package identity resolves who is making a request — a browser session
// cookie or a personal API token — and carries it, with the request's CSRF
// binding, in the request context for both the HTML and JSON surfaces.
// It imports forum and auth.
package identity

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/parley-forum/parley/internal/auth"
	"github.com/parley-forum/parley/internal/forum"
)

// Cookie names. The anonymous cookie binds CSRF tokens on sign-in and
// sign-up forms before a session exists.
const (
	SessionCookie = "parley_session"
	AnonCookie    = "parley_anon"
	CSRFHeader    = "X-CSRF-Token"
	CSRFField     = "csrf"
)

// Identity is the requester.
type Identity struct {
	User      *forum.User    // nil when signed out
	Session   *forum.Session // nil unless signed in with a cookie
	Cookie    string         // the session cookie value, for sign-out
	ViaToken  bool           // authenticated by Authorization: Bearer
	BadToken  bool           // a Bearer token was sent but is unknown or revoked
	LookupErr error          // the token could not be checked (database unavailable)
	binding   string
	csrf      *auth.CSRF
	fixedCSRF string // Placeholder's stand-in for the token
}

// Placeholder is the identity a page is rendered for when the rendering
// is shared by every signed-in reader of one role: u is a stand-in
// account (no id, placeholder names) and csrfToken a placeholder that
// the per-request overlay replaces with each reader's token. It can never
// pass CheckCSRF.
func Placeholder(u *forum.User, csrfToken string) *Identity {
	return &Identity{User: u, fixedCSRF: csrfToken}
}

type ctxKey struct{}

var anonymous = &Identity{}

// From returns the request's identity; never nil.
func From(ctx context.Context) *Identity {
	if id, ok := ctx.Value(ctxKey{}).(*Identity); ok {
		return id
	}
	return anonymous
}

// With stores an identity in a context (for tests and middleware).
func With(ctx context.Context, id *Identity) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// CSRFToken is the token forms and scripts must send back.
func (id *Identity) CSRFToken() string {
	if id.fixedCSRF != "" {
		return id.fixedCSRF
	}
	if id.csrf == nil || id.binding == "" {
		return ""
	}
	return id.csrf.Token(id.binding)
}

// CheckCSRF reports whether a state-changing request may proceed: token
// holders (Bearer) are not exposed to CSRF; browsers must echo the token in
// the form field or header.
func (id *Identity) CheckCSRF(r *http.Request) bool {
	if id.ViaToken {
		return true
	}
	if id.csrf == nil {
		return false
	}
	tok := r.Header.Get(CSRFHeader)
	if tok == "" {
		tok = r.PostFormValue(CSRFField)
	}
	return id.csrf.Valid(id.binding, tok)
}

// Resolver is the middleware that fills in the identity.
type Resolver struct {
	Service *forum.Service
	CSRF    *auth.CSRF
	Secure  bool // set Secure on cookies (served over HTTPS)
}

// Middleware resolves the identity of every request. A bad or expired
// cookie or token simply means signed out; a bad token on the API is
// reported there as 401.
func (rs *Resolver) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := &Identity{csrf: rs.CSRF}
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			id.ViaToken = true // a failed token never falls back to a cookie session
			u, err := rs.Service.TokenUser(r.Context(), strings.TrimSpace(h[len("Bearer "):]))
			switch {
			case err == nil:
				id.User = u
			case errors.Is(err, forum.ErrNotFound):
				id.BadToken = true
			default:
				// The database could not answer: the token may be fine, so
				// the request proceeds signed out and fails on its own
				// terms (a write gets 401 or 503) rather than being told
				// the token is invalid.
				id.LookupErr = err
			}
		} else if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			if u, se, err := rs.Service.SessionUser(r.Context(), c.Value); err == nil {
				id.User, id.Session, id.Cookie, id.binding = u, se, c.Value, se.ID
			}
		}
		if id.binding == "" && !id.ViaToken {
			if c, err := r.Cookie(AnonCookie); err == nil && len(c.Value) >= 16 && len(c.Value) <= 64 {
				id.binding = "anon:" + c.Value
			}
		}
		next.ServeHTTP(w, r.WithContext(With(r.Context(), id)))
	})
}

// EnsureAnon gives a signed-out visitor the cookie that binds CSRF tokens
// of the sign-in and sign-up forms. Only pages with such forms call it, so
// ordinary pages stay cookie-free and cacheable.
func (rs *Resolver) EnsureAnon(w http.ResponseWriter, id *Identity) {
	if id.User != nil || id.binding != "" {
		return
	}
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: AnonCookie, Value: v, Path: "/", HttpOnly: true, Secure: rs.Secure, SameSite: http.SameSiteLaxMode})
	id.binding = "anon:" + v
	id.csrf = rs.CSRF
}

// SetSession writes the session cookie after sign-in.
func (rs *Resolver) SetSession(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: rs.Secure, SameSite: http.SameSiteLaxMode})
}

// ClearSession removes the session cookie.
func (rs *Resolver) ClearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: rs.Secure, SameSite: http.SameSiteLaxMode})
}
