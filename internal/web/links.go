package web

import (
	"net/http"
	"net/url"
	"strings"
)

// permalink serves GET /p/{id}, a post's permanent address: a redirect to
// the page of its thread that holds it, scrolled to it. The target moves
// when the thread's title (its slug) changes, so the redirect is not
// permanent.
func (w *Web) permalink(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	target, err := w.Service.PostLocation(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, target, http.StatusFound)
}

// trailingSlash redirects a path that ends in '/' to the same path without
// it when that is a page ("/latest/", "/c/networking/", "/t/slug/8/"):
// permanently, 301 for GET and HEAD and 308 (which keeps the method and
// body) for the rest. It reports whether it answered.
func (w *Web) trailingSlash(rw http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	if w.mux == nil || len(p) < 2 || !strings.HasSuffix(p, "/") {
		return false
	}
	trimmed := strings.TrimRight(p, "/")
	if trimmed == "" {
		return false
	}
	probe := r.Clone(r.Context())
	probe.URL.Path, probe.URL.RawPath = trimmed, ""
	if _, pattern := w.mux.Handler(probe); pattern == "" || pattern == "/" {
		return false
	}
	target, ok := localTarget((&url.URL{Path: trimmed, RawQuery: r.URL.RawQuery}).String())
	if !ok {
		return false
	}
	code := http.StatusPermanentRedirect
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		code = http.StatusMovedPermanently
	}
	http.Redirect(rw, r, target, code)
	return true
}

// canonicalRedirect sends a list named with the wrong letter case to its
// canonical path, keeping the feed suffix and the query.
func canonicalRedirect(rw http.ResponseWriter, r *http.Request, path, format string) {
	if format != "" {
		path += "." + format
	}
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	code := http.StatusPermanentRedirect
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		code = http.StatusMovedPermanently
	}
	http.Redirect(rw, r, path, code)
}
