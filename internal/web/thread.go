package web

import (
	"net/http"
	"strconv"

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
	URL           string // forum.PostPath: its page, its anchor
}

type threadData struct {
	T        *forum.Thread
	Path     string
	PagePath string // this page: Path, with ?page=N past the first
	Posts    []postView
	Answers  []answerView
	Page     int
	Pages    int
	CanReply bool
	Reply    formState
	Draft    *draftView // the reply's
	Facts    threadFacts
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
			target := d.Path
			if page := w.Service.PageOf(p.Number); page > 1 {
				target += "?page=" + strconv.Itoa(page)
			}
			f.Answer = &factsAnswer{URL: target + "#post-" + strconv.FormatInt(p.ID, 10), Author: p.Author}
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
	me := identity.From(r.Context()).User
	t := tp.Thread
	ids := make([]int64, 0, len(tp.Posts)+len(tp.Answers))
	for _, p := range tp.Posts {
		ids = append(ids, p.ID)
	}
	boosted, err := w.Service.BoostedBy(r.Context(), me, ids)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	view := func(p forum.Post) postView {
		v := postView{Post: p, Boosted: boosted[p.ID], RevisionsLink: me != nil || w.PublicRevisions,
			URL: w.Service.PostPath(t.Slug, t.ID, p.ID, p.Number)}
		if me != nil && !p.Deleted {
			v.CanEdit = forum.Can(me, forum.ActEdit, p.Author.ID, t.Author.ID, t.Locked)
			v.CanDelete = v.CanEdit
			v.CanBoost = forum.Can(me, forum.ActBoost, p.Author.ID, t.Author.ID, t.Locked)
			v.CanAccept = p.Number > 1 && p.Author.ID != t.Author.ID && forum.Can(me, forum.ActAccept, p.Author.ID, t.Author.ID, t.Locked)
			v.CanRecommend = p.Number > 1 && forum.Can(me, forum.ActRecommend, p.Author.ID, t.Author.ID, t.Locked)
		}
		if p.Deleted && forum.Can(me, forum.ActRestore, 0, 0, false) {
			v.CanRestore, v.DeletedBy = true, w.Service.DeletedBy(r.Context(), me, &p)
		}
		return v
	}
	d := &threadData{T: t, Path: threadPath(t), PagePath: forum.PageURL(t.Slug, t.ID, tp.Page), Page: tp.Page, Pages: tp.Pages, Reply: reply}
	for _, p := range tp.Posts {
		d.Posts = append(d.Posts, view(p))
	}
	for i := range tp.Answers {
		p := &tp.Answers[i]
		d.Answers = append(d.Answers, answerView{Post: p, Excerpt: htmlExcerpt(p.BodyHTML, answerExcerptRunes),
			URL: w.Service.PostPath(t.Slug, t.ID, p.ID, p.Number)})
	}
	d.CanReply = me != nil && forum.Can(me, forum.ActReply, 0, t.Author.ID, t.Locked)
	if d.CanReply {
		d.Draft = w.offerDraft(r, forum.ReplyDraftKey(t.ID), &d.Reply)
	}
	d.Facts = w.facts(d, tp)
	canonical := w.BaseURL + d.Path
	if tp.Page > 1 {
		canonical += "?page=" + strconv.Itoa(tp.Page)
	}
	desc := metaDescription(t.Excerpt)
	w.render(rw, r, "thread", &page{Title: t.Title, Canonical: canonical, Description: desc, Status: status, Data: d,
		Alternates: []alternate{{"rss", t.Title + " (RSS)", d.Path + ".rss"},
			{"atom", t.Title + " (Atom)", d.Path + ".atom"}}})
}
