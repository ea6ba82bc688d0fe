package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// revisionsPerPage bounds the diffs one request computes.
const revisionsPerPage = 10

type revisionsData struct {
	Post      *forum.Post
	Thread    *forum.Thread
	Path      string
	Total     int
	Revisions []revisionView // this page's versions, newest first
	Page      int
	Pages     int
	Version   *forum.Revision // ?version=N: that version as text, no diffs
}

type revisionView struct {
	forum.Revision
	First        bool // version 1, shown as text
	TitleChanged bool
	PrevTitle    string
	Diff         *revisionDiff // against the version before; nil for the first
}

// revisions serves /p/{id}/revisions: a post's versions, newest first,
// revisionsPerPage to a page, each compared with the one before it; or one
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
	p, t, revs, err := w.Service.Revisions(r.Context(), id)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderRevisions(rw, r, p, t, revs, pageNum, version)
}

// renderRevisions renders one page of versions, or one version's text.
func (w *Web) renderRevisions(rw http.ResponseWriter, r *http.Request, p *forum.Post, t *forum.Thread, revs []forum.Revision, pageNum, version int) {
	d := &revisionsData{Post: p, Thread: t, Path: "/p/" + itoa64(p.ID) + "/revisions", Total: len(revs), Page: max(pageNum, 1)}
	title := "Revisions of post #" + strconv.Itoa(p.Number) + " · " + t.Title
	if version > 0 {
		if version > len(revs) {
			w.fail(rw, r, forum.ErrNotFound)
			return
		}
		d.Version = &revs[version-1]
		w.render(rw, r, "revisions", &page{Title: "Version " + strconv.Itoa(version) + " of post #" + strconv.Itoa(p.Number) + " · " + t.Title, NoIndex: true, Data: d})
		return
	}
	d.Pages = max(1, (len(revs)+revisionsPerPage-1)/revisionsPerPage)
	if d.Page > d.Pages {
		w.fail(rw, r, forum.ErrNotFound)
		return
	}
	hi := len(revs) - (d.Page-1)*revisionsPerPage
	for i := hi - 1; i >= max(0, hi-revisionsPerPage); i-- {
		d.Revisions = append(d.Revisions, w.revisionView(revs, i))
	}
	w.render(rw, r, "revisions", &page{Title: title, NoIndex: true, Data: d})
}

// revisionView compares version i with the one before, through the diff
// cache.
func (w *Web) revisionView(revs []forum.Revision, i int) revisionView {
	v := revisionView{Revision: revs[i], First: i == 0}
	if i == 0 {
		return v
	}
	prev := &revs[i-1]
	if revs[i].Title != prev.Title {
		v.TitleChanged, v.PrevTitle = true, prev.Title
	}
	if w.diffs == nil {
		v.Diff = computeDiff(prev.BodySource, revs[i].BodySource)
		return v
	}
	key := diffKey(prev, &revs[i])
	if d, ok := w.diffs.get(key); ok {
		v.Diff = d
		return v
	}
	v.Diff = computeDiff(prev.BodySource, revs[i].BodySource)
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
