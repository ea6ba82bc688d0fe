package web

import (
	"net/http"
	"strconv"
)

// revisionTarget reads the post id and version number of a revision
// action; anything that is not a positive number is 404.
func revisionTarget(r *http.Request) (postID int64, number int, err error) {
	if postID, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	n, err := pathID(r, "number")
	if err != nil || n > 1<<30 {
		return 0, 0, err
	}
	return postID, int(n), nil
}

// revisionRedactSubmit handles POST /p/{id}/revisions/{number}/redact:
// staff redact private data in one earlier version.
func (w *Web) revisionRedactSubmit(rw http.ResponseWriter, r *http.Request) {
	postID, number, err := revisionTarget(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	if _, err := w.Service.RedactRevision(r.Context(), me, postID, number); err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, revisionReturn(r, postID, number), http.StatusSeeOther)
}

// revisionHideSubmit handles POST /p/{id}/revisions/{number}/hide: staff
// hide one earlier version (on=0 shows it again).
func (w *Web) revisionHideSubmit(rw http.ResponseWriter, r *http.Request) {
	postID, number, err := revisionTarget(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	if err := w.Service.HideRevision(r.Context(), me, postID, number, r.PostFormValue("on") != "0"); err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, revisionReturn(r, postID, number), http.StatusSeeOther)
}

// revisionReturn is where a revision action sends staff back: the page of
// versions the form was on (its "page" field), at the version acted on.
// The page is rebuilt from a number, never taken as a path.
func revisionReturn(r *http.Request, postID int64, number int) string {
	to := "/p/" + strconv.FormatInt(postID, 10) + "/revisions"
	if n, err := strconv.Atoi(r.PostFormValue("page")); err == nil && n > 1 && n <= 1<<30 {
		to += "?page=" + strconv.Itoa(n)
	}
	return to + "#rev-" + strconv.Itoa(number)
}
