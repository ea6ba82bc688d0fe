package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/httpx"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/pagecache"
)

// cached serves a read route from the page cache for signed-out visitors.
// deps names what the page shows, so writes invalidate exactly the pages
// they change (see Invalidate). Signed-in pages carry personal controls
// and are never cached.
//
// Only complete answers to GET are stored (see storable). A HEAD request
// is answered from the GET rendering, cached or made now, so it carries the
// same headers as the GET would and can never leave an empty body behind
// for the next reader.
func (w *Web) cached(deps func(r *http.Request) []string, h http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if !w.cacheableRequest(r) {
			h(rw, r)
			return
		}
		if r.Method == http.MethodHead {
			// Render as GET; net/http sends no body for the HEAD itself.
			g := r.WithContext(r.Context())
			g.Method = http.MethodGet
			r = g
		}
		key := r.URL.RequestURI()
		if strings.Contains(r.Header.Get("Accept"), "application/json") {
			key = "json " + key
		}
		if e, ok := w.Cache.Get(key); ok {
			w.serveCached(rw, r, e)
			return
		}
		f, leader := w.flights.join(w.Cache, key, deps(r))
		if !leader {
			select {
			case <-f.done:
			case <-r.Context().Done():
				return
			}
			if f.entry != nil {
				w.serveCached(rw, r, f.entry)
				return
			}
			// The leader's response was not cacheable: render our own.
			f = &flight{ticket: w.Cache.Begin(deps(r)...)}
		}
		landed := !leader
		defer func() {
			if !landed { // the handler panicked: release the waiters
				w.flights.land(key, f, nil)
			}
		}()
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		h(rec, r)
		var entry *pagecache.Entry
		if storable(r, rec) {
			entry = &pagecache.Entry{Status: rec.status, Header: rec.header.Clone(), Body: rec.body.Bytes()}
			w.Cache.Put(key, f.ticket, entry)
		}
		if !landed {
			// Before writing our own response, which a slow client may hold up.
			w.flights.land(key, f, entry)
			landed = true
		}
		if entry != nil {
			// Served as a hit would be (validators, shared compression), so
			// the first answer and every later one carry the same headers.
			w.serveEntry(rw, r, entry, "miss")
			return
		}
		for k, v := range rec.header {
			rw.Header()[k] = v
		}
		rw.Header().Set("X-Cache", "miss")
		rw.WriteHeader(rec.status)
		_, _ = rw.Write(rec.body.Bytes())
	}
}

// cacheableRequest reports whether r may be answered from, and fill, the
// shared cache: a signed-out GET or HEAD without credentials. A signed-in
// page has personal controls, and a bad token must get its own 401.
func (w *Web) cacheableRequest(r *http.Request) bool {
	if w.Cache == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	return identity.From(r.Context()).User == nil && r.Header.Get("Authorization") == ""
}

// storable reports whether a recorded response is one every signed-out
// visitor may be given: a complete 200 to a GET that set no cookie, was not
// marked private by its handler and was not cut short because its request
// went away. Anything else is sent to its own client and forgotten.
func storable(r *http.Request, rec *recorder) bool {
	h := rec.header
	cc := strings.ToLower(h.Get("Cache-Control"))
	switch {
	case r.Method != http.MethodGet, rec.status != http.StatusOK, rec.body.Len() == 0,
		r.Context().Err() != nil, // the render may have stopped half way
		h.Get("Set-Cookie") != "", h.Get("Content-Encoding") != "",
		strings.Contains(cc, "private"), strings.Contains(cc, "no-store"):
		return false
	}
	if cl := h.Get("Content-Length"); cl != "" && cl != strconv.Itoa(rec.body.Len()) {
		return false // the handler promised more (or less) than it wrote
	}
	return true
}

// serveCached answers from a cache entry, with 304 when the client's copy
// is current.
func (w *Web) serveCached(rw http.ResponseWriter, r *http.Request, e *pagecache.Entry) {
	w.serveEntry(rw, r, e, "hit")
}

// serveEntry writes e with X-Cache set to how it was found.
func (w *Web) serveEntry(rw http.ResponseWriter, r *http.Request, e *pagecache.Entry, how string) {
	for k, v := range e.Header {
		rw.Header()[k] = v
	}
	rw.Header().Set("X-Cache", how)
	etag, modified := e.ETag, w.started
	if v := e.Header.Get("ETag"); v != "" {
		etag = v
	}
	if v, err := http.ParseTime(e.Header.Get("Last-Modified")); err == nil {
		modified = v
	}
	coding := httpx.PreferredCoding(r, e.Header.Get("Content-Type"), len(e.Body))
	if httpx.Compressible(e.Header.Get("Content-Type"), len(e.Body)) {
		// For every client, so GET, HEAD and each coding agree.
		httpx.VaryAcceptEncoding(rw.Header())
	}
	if coding != "" {
		if strings.HasPrefix(etag, `"`) {
			etag = "W/" + etag // the validator of the encoded bytes
		}
	}
	if httpx.CheckNotModified(rw, r, etag, modified) {
		return
	}
	if coding != "" {
		// Compressed once per entry and coding, not on every hit; the
		// compression middleware leaves an encoded body alone.
		if body, err := e.Encoded(coding, httpx.EncodeBody); err == nil {
			httpx.MarkEncoded(rw.Header(), coding)
			rw.WriteHeader(e.Status)
			_, _ = rw.Write(body)
			return
		}
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

// depTags is the tag index: its counts change with every thread, so it
// depends on the latest list, and its names with every taxonomy change
// (which drops every page).
func depTags(*http.Request) []string { return []string{"list:latest"} }
func depThread(r *http.Request) []string {
	id, _ := splitFormat(r, r.PathValue("id"))
	return []string{"thread:" + id}
}

// Invalidate updates the cached pages an event changes: the thread itself,
// its posts' revision pages and every list it appears in. How depends on
// what changed (see docs/ARCHITECTURE.md, "Page cache"):
//
//   - new threads, replies, edits and deletions change what a page shows
//     or where a thread sits in a list: those pages are dropped at once;
//   - boosts change counts only: the pages are marked stale and rendered
//     again at most once per stale window however many boosts arrive;
//   - accepting or recommending an answer changes the thread page at once
//     and the lists' badges lazily.
//
// Signed-in readers, and clients sending a token, never get cached pages,
// so an author always sees their own write.
func (w *Web) Invalidate(e forum.Event) {
	if w.Cache == nil {
		return
	}
	if e.Kind == forum.EventSettingsChanged {
		// Names, layout, limits and privacy appear on every page.
		w.Cache.InvalidateAll()
		return
	}
	if e.Kind == forum.EventAccountChanged {
		// An account change is for the session cache (forum.Service);
		// who someone is shows on every page they wrote on, so a change
		// that shows (Pages) drops every cached page; the rest drop none.
		if e.Pages {
			w.Cache.InvalidateAll()
		}
		return
	}
	if e.Kind == forum.EventTaxonomy {
		// Names, counts and navigation of every page may have changed.
		w.Cache.InvalidateAll()
		return
	}
	thread := []string{"thread:" + itoa64(e.ThreadID)}
	if e.PostID != 0 {
		thread = append(thread, "post:"+itoa64(e.PostID)) // its revisions page
	}
	lists := []string{"home", "list:latest", "users"}
	if e.Subtopic != "" {
		lists = append(lists, "list:sub:"+e.Subtopic)
	}
	for _, t := range e.Tags {
		lists = append(lists, "list:tag:"+t)
	}
	switch e.Kind {
	case forum.EventBoost:
		w.Cache.MarkStale(append(thread, lists...)...)
		// The shared signed-in thread page is dropped, so a reader who
		// boosted sees the count with their boost (signedInDeps).
		w.Cache.Invalidate("signed-in thread:" + itoa64(e.ThreadID))
	case forum.EventAccepted, forum.EventRecommended:
		w.Cache.Invalidate(thread...)
		w.Cache.MarkStale(lists...)
	default:
		w.Cache.Invalidate(append(thread, lists...)...)
	}
}

// renderFlights coalesces concurrent misses of one page: the first request
// renders it and the others wait for that response instead of rendering
// the same page again. Under a steady stream of writes a popular list is
// invalidated faster than it can be cached, and without coalescing every
// reader would render it, taking the CPU the writers need.
type renderFlights struct {
	mu    sync.Mutex
	byKey map[string]*flight
}

// flight is one render in progress; entry is its response when cacheable.
type flight struct {
	ticket  pagecache.Ticket
	done    chan struct{}
	entry   *pagecache.Entry
	waiters int // requests that joined, guarded by renderFlights.mu
}

// join returns the render of key in progress, or starts one (leader true).
// A render that began before a write that has since committed is not
// joined: a visitor must never get a page older than their request.
func (fs *renderFlights) join(c *pagecache.Cache, key string, deps []string) (f *flight, leader bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f, ok := fs.byKey[key]; ok && c.Current(f.ticket) {
		f.waiters++
		return f, false
	}
	if fs.byKey == nil {
		fs.byKey = map[string]*flight{}
	}
	f = &flight{ticket: c.Begin(deps...), done: make(chan struct{})}
	fs.byKey[key] = f
	return f, true
}

// land publishes the leader's response to its waiters.
func (fs *renderFlights) land(key string, f *flight, entry *pagecache.Entry) {
	fs.mu.Lock()
	if fs.byKey[key] == f {
		delete(fs.byKey, key)
	}
	fs.mu.Unlock()
	f.entry = entry
	close(f.done)
}
