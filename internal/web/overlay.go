package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/pagecache"
)

// Signed-in pages from a shared rendering and a per-user overlay.
//
// A list or thread page is rendered once per role (member, staff, ...)
// for a stand-in reader (identity.Placeholder) and kept in the page cache
// under its own key, with the same dependencies as the signed-out page.
// Where the page would show something of the reader's own, the shared
// rendering holds a slot marker instead: their CSRF token, their name,
// the actions under each post (boost state, edit, accept, recommend) and
// the reply form. Each request copies the shared bytes and fills the
// slots for its reader: one query (the reader's boosts among the page's
// posts), forum.Can per post, and small writes of HTML. See
// docs/ARCHITECTURE.md, "Signed-in pages".
//
// Markers are a per-process random prefix followed by the slot's kind and
// numbers, all letters, digits, '-' and '_', which html/template writes
// unchanged in text, attributes and URLs. Content can only contain one by
// guessing 64 random bits, and every marker in a response is replaced
// before it is written, so the shared rendering never reaches anyone.

// Slot kinds.
const (
	slotCSRF = "csrf"
	slotName = "name"
	slotUser = "user"
	// slotInitial is the first letter of the reader's display name (the
	// avatar in the header's menu).
	slotInitial = "initial"
	slotPost    = "post"  // id, thread, author, number, flags, boosts, thread author, locked
	slotReply   = "reply" // thread author, locked
)

// Flags of a post slot.
const (
	postAccepted = 1 << iota
	postRecommended
)

type overlay struct {
	prefix []byte // "pz" + 16 hex digits + "_"
}

func newOverlay() *overlay {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &overlay{prefix: []byte("pz" + hex.EncodeToString(b[:]) + "_")}
}

// isMark reports whether s is exactly one marker of kind.
func (o *overlay) isMark(s, kind string) bool { return s == o.mark(kind) }

// mark is the marker of a slot.
func (o *overlay) mark(kind string, args ...int64) string {
	var b strings.Builder
	b.Write(o.prefix)
	b.WriteString(kind)
	for _, a := range args {
		b.WriteByte('-')
		b.WriteString(strconv.FormatInt(a, 10))
	}
	b.WriteByte('_')
	return b.String()
}

// sharedRender marks a request context as rendering the shared page of a
// role; rendered records that render ran in it.
type sharedRender struct {
	o        *overlay
	rendered bool
}

type sharedKey struct{}

func sharedFrom(ctx context.Context) *sharedRender {
	s, _ := ctx.Value(sharedKey{}).(*sharedRender)
	return s
}

// postSlot is the marker standing for the actions under a post.
func (s *sharedRender) postSlot(p *forum.Post, t *forum.Thread, page int) template.HTML {
	var flags int64
	if p.Accepted {
		flags |= postAccepted
	}
	if p.Recommended {
		flags |= postRecommended
	}
	return template.HTML(s.o.mark(slotPost, p.ID, p.ThreadID, p.Author.ID, int64(p.Number), flags, int64(p.BoostCount), t.Author.ID, b2i(t.Locked), int64(page)))
}

// replySlot is the marker standing for the reply form.
func (s *sharedRender) replySlot(t *forum.Thread, page, pages int) template.HTML {
	return template.HTML(s.o.mark(slotReply, t.Author.ID, b2i(t.Locked), int64(page), int64(pages)))
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// overlayRequest reports whether r is a signed-in browser's GET of an HTML
// page that may come from a shared rendering: a cookie session (a Bearer
// token is answered for itself), no JSON and no feed.
func (w *Web) overlayRequest(r *http.Request) bool {
	if w.Cache == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	id := identity.From(r.Context())
	if id.User == nil || id.Session == nil || id.ViaToken || r.Header.Get("Authorization") != "" {
		return false
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		return false
	}
	last := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	return !strings.Contains(last, ".")
}

// cachedShared is cached for routes whose signed-in pages are assembled
// from a shared rendering per role and each reader's overlay.
func (w *Web) cachedShared(deps func(r *http.Request) []string, h http.HandlerFunc) http.HandlerFunc {
	plain := w.cached(deps, h)
	return func(rw http.ResponseWriter, r *http.Request) {
		if !w.overlayRequest(r) {
			plain(rw, r)
			return
		}
		me := identity.From(r.Context()).User
		key := "signed-in " + string(me.Role) + " " + r.URL.RequestURI()
		if e, ok := w.Cache.Get(key); ok {
			w.serveOverlay(rw, r, e.Status, e.Header, w.shapeOf(e), "hit")
			return
		}
		sdeps := func(r *http.Request) []string { return signedInDeps(deps(r)) }
		f, leader := w.flights.join(w.Cache, key, sdeps(r))
		if !leader {
			select {
			case <-f.done:
			case <-r.Context().Done():
				return
			}
			if f.entry != nil {
				w.serveOverlay(rw, r, f.entry.Status, f.entry.Header, w.shapeOf(f.entry), "hit")
				return
			}
			f = &flight{ticket: w.Cache.Begin(sdeps(r)...)}
		}
		landed := !leader
		defer func() {
			if !landed {
				w.flights.land(key, f, nil)
			}
		}()
		rec, sh := w.renderShared(r, me.Role, h)
		shape := w.overlay.split(rec.body.Bytes())
		var entry *pagecache.Entry
		if sh.rendered && storable(r, rec.withoutPrivate()) {
			entry = &pagecache.Entry{Status: rec.status, Header: rec.header.Clone(), Body: rec.body.Bytes(), Parsed: shape}
			w.Cache.Put(key, f.ticket, entry)
		}
		if !landed {
			w.flights.land(key, f, entry)
			landed = true
		}
		w.serveOverlay(rw, r, rec.status, rec.header, shape, "miss")
	}
}

// renderShared runs h for the stand-in reader of role.
func (w *Web) renderShared(r *http.Request, role forum.Role, h http.HandlerFunc) (*recorder, *sharedRender) {
	sh := &sharedRender{o: w.overlay}
	stand := &forum.User{Role: role, Username: w.overlay.mark(slotUser), DisplayName: w.overlay.mark(slotName)}
	ctx := identity.With(context.WithValue(r.Context(), sharedKey{}, sh), identity.Placeholder(stand, w.overlay.mark(slotCSRF)))
	g := r.WithContext(ctx)
	if r.Method == http.MethodHead {
		g.Method = http.MethodGet
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h(rec, g)
	return rec, sh
}

// withoutPrivate is the recorder as storable should judge it: a signed-in
// page is private to the browser, which is right for the response, but
// the shared rendering itself holds nothing of anyone's.
func (r *recorder) withoutPrivate() *recorder {
	c := &recorder{header: r.header.Clone(), status: r.status, body: r.body}
	c.header.Del("Cache-Control")
	return c
}

// signedInDeps are the dependencies of a shared signed-in page: those of
// the signed-out page, and for a thread its own key, which a boost drops
// at once (see Invalidate) so a reader who boosted sees the new count.
func signedInDeps(deps []string) []string {
	out := append([]string(nil), deps...)
	for _, d := range deps {
		if strings.HasPrefix(d, "thread:") {
			out = append(out, "signed-in "+d)
		}
	}
	return out
}

// shape is a shared rendering cut at its slots, once when it is stored.
type shape struct {
	segs    []segment
	postIDs []int64 // the posts of its post slots, for one BoostedBy
	size    int
}

// segment is literal bytes followed by a slot (kind "" for none).
type segment struct {
	lit  []byte
	kind string
	args []int64
}

// shapeOf returns a cache entry's slots, cutting them now for an entry
// stored without them.
func (w *Web) shapeOf(e *pagecache.Entry) *shape {
	if s, ok := e.Parsed.(*shape); ok {
		return s
	}
	return w.overlay.split(e.Body)
}

// split cuts body at every marker.
func (o *overlay) split(body []byte) *shape {
	s := &shape{size: len(body)}
	for rest := body; ; {
		i := bytes.Index(rest, o.prefix)
		if i < 0 {
			s.segs = append(s.segs, segment{lit: rest})
			return s
		}
		kind, args, n := o.parse(rest[i:])
		s.segs = append(s.segs, segment{lit: rest[:i], kind: kind, args: args})
		if kind == slotPost && len(args) > 0 {
			s.postIDs = append(s.postIDs, args[0])
		}
		rest = rest[i+n:]
	}
}

var overlayBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// serveOverlay writes a shared rendering with every slot filled for the
// request's reader.
func (w *Web) serveOverlay(rw http.ResponseWriter, r *http.Request, status int, header http.Header, s *shape, how string) {
	out := overlayBuffers.Get().(*bytes.Buffer)
	out.Reset()
	defer func() {
		if out.Cap() <= 1<<20 {
			overlayBuffers.Put(out)
		}
	}()
	if err := w.fillSlots(r, s, out); err != nil {
		w.fail(rw, r, err)
		return
	}
	h := rw.Header()
	for k, v := range header {
		if k == "Etag" || k == "Last-Modified" || k == "Content-Length" {
			continue // validators of the shared bytes, not of this page
		}
		h[k] = v
	}
	h.Set("Cache-Control", "private, no-cache")
	h.Set("X-Cache", how)
	rw.WriteHeader(status)
	_, _ = rw.Write(out.Bytes())
}

// fillSlots writes the shared rendering to out with every slot filled
// for the request's reader.
func (w *Web) fillSlots(r *http.Request, s *shape, out *bytes.Buffer) error {
	id := identity.From(r.Context())
	me := id.User
	boosted := map[int64]bool{}
	if len(s.postIDs) > 0 {
		var err error
		if boosted, err = w.Service.BoostedBy(r.Context(), me, s.postIDs); err != nil {
			return err
		}
	}
	csrf := id.CSRFToken()
	// Slots are filled on GETs of the page itself, so its path is the
	// thread's (or list's) canonical path.
	path := r.URL.EscapedPath()
	out.Grow(s.size + s.size/8)
	for _, sg := range s.segs {
		out.Write(sg.lit)
		args := sg.args
		switch sg.kind {
		case slotCSRF:
			out.WriteString(csrf)
		case slotName:
			out.WriteString(template.HTMLEscapeString(me.DisplayName))
		case slotInitial:
			out.WriteString(template.HTMLEscapeString(initialOf(me.DisplayName)))
		case slotUser:
			out.WriteString(template.HTMLEscapeString(url.PathEscape(me.Username)))
		case slotPost:
			if len(args) == 9 {
				p := forum.Post{ID: args[0], ThreadID: args[1], Number: int(args[3]), BoostCount: int(args[5]),
					Accepted: args[4]&postAccepted != 0, Recommended: args[4]&postRecommended != 0}
				p.Author.ID = args[2]
				v := postActionsFor(me, p, args[6], args[7] == 1)
				v.Boosted = boosted[p.ID]
				writePostActions(out, &v, csrf, pageOf(path, int(args[8])), w.BaseURL)
			}
		case slotReply:
			if len(args) == 4 {
				t := &forum.Thread{Locked: args[1] == 1}
				t.Author.ID = args[0]
				html, err := w.composer(r, me, t, path, threadIDOfPath(path), int(args[2]), int(args[3]), formState{}, csrf)
				if err != nil {
					return err
				}
				out.WriteString(string(html))
			}
		}
	}
	return nil
}

// parse reads the marker at the start of b: its kind, numbers and length.
// Something that is not a whole marker is consumed as its prefix alone
// (and so written as nothing).
func (o *overlay) parse(b []byte) (kind string, args []int64, n int) {
	n = len(o.prefix)
	end := bytes.IndexByte(b[n:], '_')
	if end < 0 || end > 200 {
		return "", nil, n
	}
	spec := string(b[n : n+end])
	n += end + 1
	parts := strings.Split(spec, "-")
	kind = parts[0]
	for _, p := range parts[1:] {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return "", nil, n
		}
		args = append(args, v)
	}
	return kind, args, n
}

// pageOf is page n of the thread at path, as forum.PageURL writes it.
func pageOf(path string, n int) string {
	if n > 1 {
		return path + "?page=" + strconv.Itoa(n)
	}
	return path
}
