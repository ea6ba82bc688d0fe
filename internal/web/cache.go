package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/httpx"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/pagecache"
)

// cached serves a read route from the page cache for signed-out visitors.
// deps names what the page shows, so writes invalidate exactly the pages
// they change (see Invalidate). Signed-in pages carry personal controls
// and are never cached.
func (w *Web) cached(deps func(r *http.Request) []string, h http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		// Requests with credentials are answered fresh: a signed-in page has
		// personal controls, and a bad token must get its own 401.
		if w.Cache == nil || identity.From(r.Context()).User != nil || r.Header.Get("Authorization") != "" {
			h(rw, r)
			return
		}
		key := r.URL.RequestURI()
		if strings.Contains(r.Header.Get("Accept"), "application/json") {
			key = "json " + key
		}
		if e, ok := w.Cache.Get(key); ok {
			w.serveCached(rw, r, e)
			return
		}
		ticket := w.Cache.Begin(deps(r)...)
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		h(rec, r)
		if rec.status == http.StatusOK && rec.header.Get("Set-Cookie") == "" {
			w.Cache.Put(key, ticket, &pagecache.Entry{Status: rec.status, Header: rec.header.Clone(), Body: rec.body.Bytes()})
		}
		for k, v := range rec.header {
			rw.Header()[k] = v
		}
		rw.Header().Set("X-Cache", "miss")
		rw.WriteHeader(rec.status)
		_, _ = rw.Write(rec.body.Bytes())
	}
}

// serveCached answers from a cache entry, with 304 when the client's copy
// is current.
func (w *Web) serveCached(rw http.ResponseWriter, r *http.Request, e *pagecache.Entry) {
	for k, v := range e.Header {
		rw.Header()[k] = v
	}
	rw.Header().Set("X-Cache", "hit")
	etag, modified := e.ETag, w.started
	if v := e.Header.Get("ETag"); v != "" {
		etag = v
	}
	if v, err := http.ParseTime(e.Header.Get("Last-Modified")); err == nil {
		modified = v
	}
	if httpx.CheckNotModified(rw, r, etag, modified) {
		return
	}
	rw.WriteHeader(e.Status)
	_, _ = rw.Write(e.Body)
}

// recorder buffers a response so it can be cached and then sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}

// Dependency keys of cached pages.
func depHome(*http.Request) []string   { return []string{"home"} }
func depLatest(*http.Request) []string { return []string{"list:latest"} }
func depSubtopic(r *http.Request) []string {
	slug, _ := splitFormat(r, r.PathValue("subtopic"))
	return []string{"list:sub:" + slug}
}
func depTag(r *http.Request) []string {
	name, _ := splitFormat(r, r.PathValue("tag"))
	return []string{"list:tag:" + name}
}
func depUser(*http.Request) []string { return []string{"users"} }
func depThread(r *http.Request) []string {
	id, _ := splitFormat(r, r.PathValue("id"))
	return []string{"thread:" + id}
}

// Invalidate drops the cached pages an event changes: the thread itself
// and every list it appears in.
func (w *Web) Invalidate(e forum.Event) {
	if w.Cache == nil {
		return
	}
	deps := []string{"home", "list:latest", "users", "thread:" + itoa64(e.ThreadID)}
	if e.Subtopic != "" {
		deps = append(deps, "list:sub:"+e.Subtopic)
	}
	for _, t := range e.Tags {
		deps = append(deps, "list:tag:"+t)
	}
	w.Cache.Invalidate(deps...)
}
