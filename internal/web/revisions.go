package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

type revisionsData struct {
	Post      *forum.Post
	Thread    *forum.Thread
	Path      string
	Total     int
	Revisions []revisionView // this page's versions, newest first
	Page      int
	Pages     int
	Version   *forum.Revision // ?version=N: that version as text, no diffs
	// CanModerate shows staff the redact and hide controls of each earlier
	// version. Only signed-in pages carry it, and those are never cached.
	CanModerate bool
}

type revisionView struct {
	forum.Revision
	First        bool // version 1, shown as text
	Current      bool // the post's text now: staff edit the post instead
	AfterHidden  bool // the version before is hidden: shown as text, no diff
	TitleChanged bool
	PrevTitle    string
	Diff         *revisionDiff // against the version before; nil for the first
}

// revisions serves /p/{id}/revisions: a post's versions, newest first,
// forum.RevisionsPerPage to a page, each compared with the one before it; or one
// version's text with ?version=N. The JSON twin (.json or Accept) lists
// the versions themselves. Signed-out visitors see them only when the
// site allows it (--public-revisions).
func (w *Web) revisions(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if _, f := splitFormat(r, r.URL.Path); f == "json" {
		w.API.Revisions(rw, r, id)
		return
	}
	if !w.PublicRevisions && identity.From(r.Context()).User == nil {
		w.fail(rw, r, forum.ErrUnauthorized)
		return
	}
	q := r.URL.Query()
	pageNum, err := positiveParam(q.Get("page"), "page")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	version, err := positiveParam(q.Get("version"), "version")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if version > 0 {
		p, t, v, err := w.Service.RevisionVersion(r.Context(), id, version)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		d := w.newRevisionsData(r, p, t)
		d.Version = v
		w.render(rw, r, "revisions", &page{Title: "Version " + strconv.Itoa(version) + " of post #" + strconv.Itoa(p.Number) + " · " + t.Title, NoIndex: true, Data: d})
		return
	}
	rp, err := w.Service.RevisionPage(r.Context(), id, pageNum)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderRevisions(rw, r, rp)
}

func (w *Web) newRevisionsData(r *http.Request, p *forum.Post, t *forum.Thread) *revisionsData {
	me := identity.From(r.Context()).User
	return &revisionsData{Post: p, Thread: t, Path: "/p/" + itoa64(p.ID) + "/revisions", Total: max(p.RevisionCount, 1),
		CanModerate: me != nil && forum.Can(me, forum.ActRevision, p.Author.ID, t.Author.ID, t.Locked)}
}

// renderRevisions renders one page of versions, newest first.
func (w *Web) renderRevisions(rw http.ResponseWriter, r *http.Request, rp *forum.RevisionPage) {
	d := w.newRevisionsData(r, rp.Post, rp.Thread)
	d.Total, d.Page, d.Pages = rp.Total, rp.Page, rp.Pages
	for i := len(rp.Revisions) - 1; i >= 0; i-- {
		prev := rp.Before
		if i > 0 {
			prev = &rp.Revisions[i-1]
		}
		d.Revisions = append(d.Revisions, w.revisionView(&rp.Revisions[i], prev, rp.Total))
	}
	title := "Revisions of post #" + strconv.Itoa(rp.Post.Number) + " · " + rp.Thread.Title
	w.render(rw, r, "revisions", &page{Title: title, NoIndex: true, Data: d})
}

// revisionView compares a version with the one before (nil for version
// 1), through the diff cache. A hidden version shows no diff.
func (w *Web) revisionView(cur, prev *forum.Revision, total int) revisionView {
	v := revisionView{Revision: *cur, First: prev == nil, Current: cur.Number == total}
	if prev == nil || cur.Hidden {
		return v
	}
	if prev.Hidden {
		v.AfterHidden = true
		return v
	}
	if cur.Title != prev.Title {
		v.TitleChanged, v.PrevTitle = true, prev.Title
	}
	if w.diffs == nil {
		v.Diff = computeDiff(prev.BodySource, cur.BodySource)
		return v
	}
	key := diffKey(prev, cur)
	if d, ok := w.diffs.get(key); ok {
		v.Diff = d
		return v
	}
	v.Diff = computeDiff(prev.BodySource, cur.BodySource)
	w.diffs.put(key, v.Diff)
	return v
}

// positiveParam reads an optional positive whole number; "" is 0.
func positiveParam(s, name string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 {
		return 0, forum.Invalid(name, "must be a positive whole number")
	}
	return n, nil
}

func depRevisions(r *http.Request) []string {
	return []string{"post:" + r.PathValue("id")}
}
