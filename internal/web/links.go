package web

import (
	"net/http"
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
