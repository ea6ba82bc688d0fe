package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/markup"
)

// metaDescription shortens a thread's excerpt for the description and Open
// Graph meta tags: at most 200 characters, cut at a word boundary and never
// inside a UTF-8 sequence (as cutting at byte 200 could).
func metaDescription(excerpt string) string { return markup.Excerpt(excerpt, 200) }

type postView struct {
	forum.Post
	// Actions is the post's controls (writePostActions), or on a shared
	// rendering the slot the overlay fills for each reader.
	Actions      template.HTML
	Boosted      bool
	CanEdit      bool
	CanDelete    bool
	CanBoost     bool
	CanAccept    bool
	CanRecommend bool
	// RevisionsLink: "edited" links to the post's versions, which a
	// signed-out visitor may read only with --public-revisions; otherwise
	// the link would lead to a sign-in page.
	RevisionsLink bool
}

type threadData struct {
	T       *forum.Thread
	Path    string
	Posts   []postView
	Answers []postView
	Page    int
	Pages   int
	Reply   formState
	// Composer is the reply form for the reader (or a shared page's slot).
	Composer template.HTML
}

// formState carries what a user typed and what was wrong with it, so a
// rejected form comes back filled in.
type formState struct {
	Values map[string]string
	Tags   map[string]bool
	Errors map[string]string
	Notice string
}

func (w *Web) threadShortLink(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	t, err := w.Service.Thread(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, threadPath(t), http.StatusMovedPermanently)
}

func (w *Web) thread(rw http.ResponseWriter, r *http.Request) {
	rawID, format := splitFormat(r, r.PathValue("id"))
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil || id <= 0 {
		w.fail(rw, r, forum.ErrNotFound)
		return
	}
	if format == "json" {
		w.API.Thread(rw, r, id)
		return
	}
	pageNum := 1
	if s := r.URL.Query().Get("page"); s != "" {
		if pageNum, err = strconv.Atoi(s); err != nil || pageNum < 1 {
			w.fail(rw, r, forum.Invalid("page", "must be a positive whole number"))
			return
		}
	}
	tp, err := w.Service.ThreadPage(r.Context(), id, pageNum)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	t := tp.Thread
	if r.PathValue("slug") != t.Slug {
		target := threadPath(t)
		if format != "" {
			target += "." + format
		}
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(rw, r, target, http.StatusMovedPermanently)
		return
	}
	if format != "" {
		w.threadFeed(rw, r, format, tp)
		return
	}
	if w.Views != nil {
		t.ViewCount += w.Views.Pending(t.ID)
	}
	w.renderThread(rw, r, tp, formState{}, http.StatusOK)
}

// countViews records a human view of a thread's HTML page, also when the
// page itself comes from the cache. The visitor is the account, or the
// client's network for signed-out readers (forum.ViewerKey). A HEAD
// reads nothing.
func (w *Web) countViews(next http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		rawID, format := splitFormat(r, r.PathValue("id"))
		if id, err := strconv.ParseInt(rawID, 10, 64); err == nil && id > 0 && format == "" && r.Method == http.MethodGet && w.Views != nil {
			var userID int64
			if u := identity.From(r.Context()).User; u != nil {
				userID = u.ID
			}
			w.Views.Record(id, forum.ViewerKey(userID, w.ClientIP(r)), r.UserAgent())
		}
		next(rw, r)
	}
}

func (w *Web) renderThread(rw http.ResponseWriter, r *http.Request, tp *forum.ThreadPage, reply formState, status int) {
	id := identity.From(r.Context())
	me := id.User
	sh := sharedFrom(r.Context()) // a rendering shared by every signed-in reader of me's role
	t := tp.Thread
	d := &threadData{T: t, Path: threadPath(t), Page: tp.Page, Pages: tp.Pages, Reply: reply}
	boosted := map[int64]bool{}
	if sh == nil {
		ids := make([]int64, 0, len(tp.Posts)+len(tp.Answers))
		for _, p := range tp.Posts {
			ids = append(ids, p.ID)
		}
		for _, p := range tp.Answers {
			ids = append(ids, p.ID)
		}
		var err error
		if boosted, err = w.Service.BoostedBy(r.Context(), me, ids); err != nil {
			w.fail(rw, r, err)
			return
		}
	}
	csrf := ""
	if me != nil {
		csrf = id.CSRFToken()
	}
	view := func(p forum.Post) postView {
		var v postView
		if sh != nil {
			v.Post = p
			if !p.Deleted {
				v.Actions = sh.postSlot(&p, t)
			}
		} else {
			v = postActionsFor(me, p, t.Author.ID, t.Locked)
			v.Boosted = boosted[p.ID]
			var b bytes.Buffer
			writePostActions(&b, &v, csrf, d.Path)
			v.Actions = template.HTML(b.String())
		}
		v.RevisionsLink = me != nil || w.PublicRevisions
		return v
	}
	for _, p := range tp.Posts {
		d.Posts = append(d.Posts, view(p))
	}
	for _, p := range tp.Answers {
		d.Answers = append(d.Answers, view(p))
	}
	if sh != nil {
		d.Composer = sh.replySlot(t)
	} else {
		html, err := w.composer(me, t, d.Path, reply, csrf)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		d.Composer = html
	}
	canonical := w.BaseURL + d.Path
	if tp.Page > 1 {
		canonical += "?page=" + strconv.Itoa(tp.Page)
	}
	desc := metaDescription(t.Excerpt)
	w.render(rw, r, "thread", &page{Title: t.Title, Canonical: canonical, Description: desc, Status: status, Data: d,
		Alternates: []alternate{{"rss", t.Title + " (RSS)", d.Path + ".rss"},
			{"atom", t.Title + " (Atom)", d.Path + ".atom"}}})
}

// postActionsFor decides what the reader may do with a post; the same
// rules serve a whole render and the overlay of a shared one.
func postActionsFor(me *forum.User, p forum.Post, threadAuthor int64, locked bool) postView {
	v := postView{Post: p}
	if me != nil && !p.Deleted {
		v.CanEdit = forum.Can(me, forum.ActEdit, p.Author.ID, threadAuthor, locked)
		v.CanDelete = v.CanEdit
		v.CanBoost = forum.Can(me, forum.ActBoost, p.Author.ID, threadAuthor, locked)
		v.CanAccept = p.Number > 1 && p.Author.ID != threadAuthor && forum.Can(me, forum.ActAccept, p.Author.ID, threadAuthor, locked)
		v.CanRecommend = p.Number > 1 && forum.Can(me, forum.ActRecommend, p.Author.ID, threadAuthor, locked)
	}
	return v
}

// writePostActions writes the controls under a post (its footer's
// content) for a reader: written in Go rather than a template because a
// shared page fills one per post on every request.
func writePostActions(b *bytes.Buffer, v *postView, csrf, path string) {
	id := strconv.FormatInt(v.ID, 10)
	count := strconv.Itoa(v.BoostCount)
	csrfInput := `<input type="hidden" name="csrf" value="` + template.HTMLEscapeString(csrf) + `">`
	ret := `<input type="hidden" name="return" value="` + template.HTMLEscapeString(path) + `#post-` + id + `">`
	if v.CanBoost {
		on, cls, pressed := "1", "boost", "false"
		if v.Boosted {
			on, cls, pressed = "0", "boost on", "true"
		}
		b.WriteString(`<form method="post" action="/p/` + id + `/boost" class="inline" data-boost>` + "\n      " + csrfInput + ret + "\n      " +
			`<input type="hidden" name="on" value="` + on + `">` + "\n      " +
			`<button class="` + cls + `" aria-pressed="` + pressed + `"><span aria-hidden="true">▲</span> Boost <span class="boost-count" data-post="` + id + `">` + count + `</span></button>` + "\n    </form>")
	} else {
		noun := "boosts"
		if v.BoostCount == 1 {
			noun = "boost"
		}
		b.WriteString(`<span class="boost-static"><span aria-hidden="true">▲</span> <span class="boost-count" data-post="` + id + `">` + count + `</span> ` + noun + `</span>`)
	}
	if v.CanAccept {
		target, label := id, "Accept as answer"
		if v.Accepted {
			target, label = "0", "Unaccept answer"
		}
		b.WriteString("\n    " + `<form method="post" action="/t/` + strconv.FormatInt(v.ThreadID, 10) + `/accept" class="inline">` + "\n      " + csrfInput + ret + "\n      " +
			`<input type="hidden" name="post_id" value="` + target + `">` + "\n      " +
			`<button class="link">` + label + `</button>` + "\n    </form>")
	}
	if v.CanRecommend {
		on, label := "1", "Recommend"
		if v.Recommended {
			on, label = "0", "Remove recommendation"
		}
		b.WriteString("\n    " + `<form method="post" action="/p/` + id + `/recommend" class="inline">` + "\n      " + csrfInput + ret + "\n      " +
			`<input type="hidden" name="on" value="` + on + `">` + "\n      " +
			`<button class="link">` + label + `</button>` + "\n    </form>")
	}
	if v.CanEdit {
		b.WriteString("\n    " + `<a href="/p/` + id + `/edit">Edit</a>` + "\n    " +
			`<form method="post" action="/p/` + id + `/delete" class="inline">` + csrfInput + `<button class="link danger">Delete</button></form>`)
	}
}

// composer renders the reply form (or what stands in its place) for a
// reader. An empty form (no typed text, no errors) is rendered once per
// thread and state with placeholders for the CSRF token and the one-time
// key, which are filled per request: a shared page needs it on every
// request, and the key must be fresh every time.
func (w *Web) composer(me *forum.User, t *forum.Thread, path string, reply formState, csrf string) (template.HTML, error) {
	canReply := me != nil && forum.Can(me, forum.ActReply, 0, t.Author.ID, t.Locked)
	empty := len(reply.Values) == 0 && len(reply.Errors) == 0 && reply.Notice == ""
	if !empty {
		return w.execComposer(me, t, path, reply, csrf, canReply)
	}
	key := composerKey{path: path, canReply: canReply, signedIn: me != nil, locked: t.Locked}
	form, ok := w.composers.get(key)
	if !ok {
		keyMark := w.overlay.mark("once")
		html, err := w.execComposer(me, t, path, formState{Values: map[string]string{onceField: keyMark}}, w.overlay.mark(slotCSRF), canReply)
		if err != nil {
			return "", err
		}
		form = string(html)
		w.composers.put(key, form)
	}
	return template.HTML(strings.NewReplacer(w.overlay.mark(slotCSRF), template.HTMLEscapeString(csrf), w.overlay.mark("once"), newFormKey()).Replace(form)), nil
}

func (w *Web) execComposer(me *forum.User, t *forum.Thread, path string, reply formState, csrf string, canReply bool) (template.HTML, error) {
	var b bytes.Buffer
	data := map[string]any{"Me": me, "T": t, "Path": path, "Reply": reply, "CSRF": csrf, "CanReply": canReply}
	if err := w.tmpl["thread"].ExecuteTemplate(&b, "composer", data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// composerKey is what an empty reply form depends on.
type composerKey struct {
	path                       string
	canReply, signedIn, locked bool
}

// composerCache keeps empty reply forms; it forgets them all when it
// holds composerCacheSize, which bounds it without an order to keep.
type composerCache struct {
	mu    sync.Mutex
	forms map[composerKey]string
}

const composerCacheSize = 4096

func (c *composerCache) get(k composerKey) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.forms[k]
	return f, ok
}

func (c *composerCache) put(k composerKey, form string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.forms == nil || len(c.forms) >= composerCacheSize {
		c.forms = map[composerKey]string{}
	}
	c.forms[k] = form
}
