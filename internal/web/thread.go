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
	// CanRestore: a moderator sees a deleted post with who deleted it
	// and when (DeletedBy, Post.DeletedAt) and a restore button.
	CanRestore bool
	DeletedBy  string
	// RevisionsLink: "edited" links to the post's versions, which a
	// signed-out visitor may read only with --public-revisions; otherwise
	// the link would lead to a sign-in page.
	RevisionsLink bool
	URL           string               // forum.PostPath: its page, its anchor
	Notices       []forum.ThreadNotice // staff notices shown after this post
}

type threadData struct {
	T        *forum.Thread
	Path     string
	PagePath string // this page: Path, with ?page=N past the first
	Posts    []postView
	Answers  []answerView
	Page     int
	Pages    int
	Reply    formState
	Draft    *draftView // the reply's
	Facts    threadFacts
	// The staff menu (pin, lock, unlist, move, retag), for those
	// forum.CanDo allows; Topics lists where the thread may move.
	Staff     bool
	CanUnlist bool
	Topics    []forum.Topic
	TagText   string
	// Composer is the reply form for the reader (or a shared page's slot).
	Composer template.HTML
}

// threadFacts is the side column of a thread page: who asked, who took
// part (on this page), and where the accepted answer is.
type threadFacts struct {
	Participants []forum.Author
	Answer       *factsAnswer
}

type factsAnswer struct {
	URL    string
	Author forum.Author
}

// maxParticipants bounds the avatars in the side column.
const maxParticipants = 12

func (w *Web) facts(d *threadData, tp *forum.ThreadPage) threadFacts {
	var f threadFacts
	seen := map[int64]bool{}
	for _, p := range tp.Posts {
		if p.Deleted || seen[p.Author.ID] || len(f.Participants) == maxParticipants {
			continue
		}
		seen[p.Author.ID] = true
		f.Participants = append(f.Participants, p.Author)
	}
	for _, p := range tp.Answers {
		if p.ID == d.T.AcceptedPostID {
			f.Answer = &factsAnswer{URL: w.Service.PostPath(d.T.Slug, d.T.ID, p.ID, p.Number), Author: p.Author}
		}
	}
	return f
}

// PageURL is the path of page n of the thread.
func (d *threadData) PageURL(n int) string { return forum.PageURL(d.T.Slug, d.T.ID, n) }

// answerView is an answer as the top of the thread shows it: a short
// excerpt, its author and a link to the post in its place, where it is
// shown in full.
type answerView struct {
	Post    *forum.Post
	Excerpt string
	URL     string
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
	d := &threadData{T: t, Path: threadPath(t), PagePath: forum.PageURL(t.Slug, t.ID, tp.Page), Page: tp.Page, Pages: tp.Pages, Reply: reply}
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
				v.Actions = sh.postSlot(&p, t, tp.Page)
			}
		} else {
			v = postActionsFor(me, p, t.Author.ID, t.Locked)
			v.Boosted = boosted[p.ID]
			var b bytes.Buffer
			writePostActions(&b, &v, csrf, d.PagePath, w.BaseURL)
			v.Actions = template.HTML(b.String())
		}
		v.RevisionsLink = me != nil || w.PublicRevisions
		v.URL = w.Service.PostPath(t.Slug, t.ID, p.ID, p.Number)
		if p.Deleted && forum.Can(me, forum.ActRestore, 0, 0, false) {
			v.CanRestore, v.DeletedBy = true, w.Service.DeletedBy(r.Context(), me, &p)
		}
		return v
	}
	for _, p := range tp.Posts {
		d.Posts = append(d.Posts, view(p))
	}
	placeNotices(d.Posts, tp.Notices, tp.Page == tp.Pages)
	if forum.CanDo(me, forum.ActThreadControl) {
		d.Staff, d.CanUnlist, d.TagText = true, forum.CanDo(me, forum.ActUnlist), strings.Join(t.Tags, ", ")
		topics, err := w.Service.Topics(r.Context())
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		d.Topics = topics
	}
	for i := range tp.Answers {
		p := &tp.Answers[i]
		d.Answers = append(d.Answers, answerView{Post: p, Excerpt: htmlExcerpt(p.BodyHTML, answerExcerptRunes),
			URL: w.Service.PostPath(t.Slug, t.ID, p.ID, p.Number)})
	}
	d.Facts = w.facts(d, tp)
	if sh != nil {
		d.Composer = sh.replySlot(t, tp.Page, tp.Pages)
	} else {
		html, err := w.composer(r, me, t, d.Path, t.ID, tp.Page, tp.Pages, reply, csrf)
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
		NoIndex: t.Unlisted, // reachable by link, never by a search engine
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
// shared page fills one per post on every request. pagePath is the page
// the post is on (forms return there); baseURL makes the permalink that
// "Copy link" copies absolute.
func writePostActions(b *bytes.Buffer, v *postView, csrf, pagePath, baseURL string) {
	// A shared page writes this for each of its posts on every request,
	// so the pieces go straight into b instead of being concatenated.
	put := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	id := strconv.FormatInt(v.ID, 10)
	count := strconv.Itoa(v.BoostCount)
	// Zero counts stay in the page (live updates show them when a boost
	// arrives) but hidden, so readers are not shown a row of "0 boosts".
	zero := ""
	if v.BoostCount == 0 {
		zero = " hidden"
	}
	esc := template.HTMLEscapeString
	csrfValue := esc(csrf)
	retValue := esc(pagePath) + "#" + forum.PostAnchor(v.ID) // the anchor needs no escaping
	hidden := func() {
		put(`<input type="hidden" name="csrf" value="`, csrfValue, `">`,
			`<input type="hidden" name="return" value="`, retValue, `">`)
	}
	if v.CanBoost {
		on, cls, pressed := "1", "boost", "false"
		if v.Boosted {
			on, cls, pressed = "0", "boost on", "true"
		}
		put(`<form method="post" action="/p/`, id, `/boost" class="inline" data-boost>`, "\n      ")
		hidden()
		put("\n      ", `<input type="hidden" name="on" value="`, on, `">`, "\n      ",
			`<button class="`, cls, `" aria-pressed="`, pressed, `"><span aria-hidden="true">▲</span> Boost <span class="boost-count" data-post="`,
			id, `"`, zero, `>`, count, `</span></button>`, "\n    </form>")
	} else {
		noun := "boosts"
		if v.BoostCount == 1 {
			noun = "boost"
		}
		put(`<span class="boost-static"`, zero, `><span aria-hidden="true">▲</span> <span class="boost-count" data-post="`, id, `">`,
			count, `</span> `, noun, `</span>`)
	}
	if v.CanAccept {
		target, label := id, "Accept as answer"
		if v.Accepted {
			target, label = "0", "Unaccept answer"
		}
		put("\n    ", `<form method="post" action="/t/`, strconv.FormatInt(v.ThreadID, 10), `/accept" class="inline">`, "\n      ")
		hidden()
		put("\n      ", `<input type="hidden" name="post_id" value="`, target, `">`, "\n      ",
			`<button class="link">`, label, `</button>`, "\n    </form>")
	}
	if v.CanRecommend {
		on, label := "1", "Recommend"
		if v.Recommended {
			on, label = "0", "Remove recommendation"
		}
		put("\n    ", `<form method="post" action="/p/`, id, `/recommend" class="inline">`, "\n      ")
		hidden()
		put("\n      ", `<input type="hidden" name="on" value="`, on, `">`, "\n      ",
			`<button class="link">`, label, `</button>`, "\n    </form>")
	}
	number := strconv.Itoa(v.Number)
	put("\n    ", `<a class="copy-link" href="/p/`, id, `" data-permalink="`, esc(baseURL), `/p/`, id,
		`">Copy link<span class="visually-hidden"> to post #`, number, `</span></a>`)
	if v.CanEdit {
		// data-confirm: app.js asks in a dialog first; without JavaScript
		// the server answers a confirmation page.
		ask := askDeleteReply
		if v.Number == 1 {
			ask = askDeleteThread
		}
		put("\n    ", `<a href="/p/`, id, `/edit">Edit</a>`, "\n    ",
			`<form method="post" action="/p/`, id, `/delete" class="inline" data-confirm="`, ask, `">`,
			`<input type="hidden" name="csrf" value="`, csrfValue, `">`,
			`<button class="link danger">Delete<span class="visually-hidden"> post #`, number, `</span></button></form>`)
	}
}

// The questions a delete button asks (HTML-escaped).
var (
	askDeleteReply  = template.HTMLEscapeString("Delete this reply?")
	askDeleteThread = template.HTMLEscapeString("Delete this thread? If others have replied, your opening post is withdrawn and their replies stay.")
)

// composerView is what the reply form ("composer" in thread.html) shows.
type composerView struct {
	Me          *forum.User
	T           *forum.Thread
	Path        string // the thread
	PagePath    string // this page of it
	Page, Pages int
	Reply       formState
	CSRF        string
	CanReply    bool
	Draft       *draftView // the reader's saved reply, if any
}

// PageURL is the path of page n of the thread.
func (c *composerView) PageURL(n int) string {
	if n > 1 {
		return c.Path + "?page=" + strconv.Itoa(n)
	}
	return c.Path
}

// composer renders the reply form (or what stands in its place) for a
// reader. A form with nothing in it (no typed text, no errors, no saved
// draft) is rendered once per thread, page and state with placeholders
// for the CSRF token, the one-time key and the reader's name, which are
// filled per request: a shared page needs it on every request, and the
// key must be fresh every time. The thread t may carry only its author
// and locked flag (a shared page's slot).
func (w *Web) composer(r *http.Request, me *forum.User, t *forum.Thread, path string, threadID int64, page, pages int, reply formState, csrf string) (template.HTML, error) {
	c := composerView{Me: me, T: t, Path: path, Page: page, Pages: pages, Reply: reply, CSRF: csrf,
		CanReply: me != nil && forum.Can(me, forum.ActReply, 0, t.Author.ID, t.Locked)}
	c.PagePath = c.PageURL(page)
	if c.CanReply {
		c.Draft = w.offerDraft(r, forum.ReplyDraftKey(threadID), &c.Reply)
	}
	empty := len(c.Reply.Values) == 0 && len(c.Reply.Errors) == 0 && c.Reply.Notice == "" &&
		(c.Draft == nil || c.Draft.At.IsZero())
	if !empty {
		return w.execComposer(&c)
	}
	key := composerKey{path: path, page: page, pages: pages, canReply: c.CanReply, signedIn: me != nil, locked: t.Locked}
	form, ok := w.composers.get(key)
	if !ok {
		blank := c
		blank.CSRF = w.overlay.mark(slotCSRF)
		blank.Reply = formState{Values: map[string]string{onceField: w.overlay.mark("once")}}
		if blank.Draft != nil {
			d := *blank.Draft
			d.User = w.overlay.mark("drafter")
			blank.Draft = &d
		}
		html, err := w.execComposer(&blank)
		if err != nil {
			return "", err
		}
		form = string(html)
		w.composers.put(key, form)
	}
	drafter := ""
	if me != nil {
		drafter = template.HTMLEscapeString(me.Username)
	}
	return template.HTML(strings.NewReplacer(w.overlay.mark(slotCSRF), template.HTMLEscapeString(csrf),
		w.overlay.mark("once"), newFormKey(), w.overlay.mark("drafter"), drafter).Replace(form)), nil
}

// threadIDOfPath reads the thread id from a thread page's path
// (/t/{slug}/{id}).
func threadIDOfPath(path string) int64 {
	id, _ := strconv.ParseInt(path[strings.LastIndexByte(path, '/')+1:], 10, 64)
	return id
}

func (w *Web) execComposer(c *composerView) (template.HTML, error) {
	var b bytes.Buffer
	if err := w.tmpl["thread"].ExecuteTemplate(&b, "composer", c); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// composerKey is what an empty reply form depends on.
type composerKey struct {
	path                       string
	page, pages                int
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

// placeNotices shows each staff notice after the last post of the page
// that it follows (its AfterPost); notices that follow a post on a later
// page wait for that page, and the last page shows every later one.
func placeNotices(posts []postView, notices []forum.ThreadNotice, lastPage bool) {
	if len(posts) == 0 {
		return
	}
	first, last := posts[0].Number, posts[len(posts)-1].Number
	for _, n := range notices {
		if n.AfterPost < first && first > 1 || (n.AfterPost > last && !lastPage) {
			continue
		}
		i := len(posts) - 1
		for i > 0 && posts[i].Number > n.AfterPost {
			i--
		}
		posts[i].Notices = append(posts[i].Notices, n)
	}
}
