package web

import (
	"net/http"
	"strconv"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// authorize runs the checks every state-changing form shares, in the
// order the authorization rules promise: a readable form, a signed-in
// user, then a valid CSRF token. It reports false after answering.
func (w *Web) authorize(rw http.ResponseWriter, r *http.Request) (*forum.User, bool) {
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, formError(err))
		return nil, false
	}
	id := identity.From(r.Context())
	if id.User == nil {
		w.fail(rw, r, forum.ErrUnauthorized)
		return nil, false
	}
	if !id.CheckCSRF(r) {
		w.fail(rw, r, errCSRF)
		return nil, false
	}
	return id.User, true
}

// back redirects to a same-site path given in the form, or to fallback.
func back(rw http.ResponseWriter, r *http.Request, fallback string) {
	target, ok := localTarget(r.PostFormValue("return"))
	if !ok {
		target = fallback
	}
	http.Redirect(rw, r, target, http.StatusSeeOther)
}

func (w *Web) boostSubmit(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	if _, err := w.Service.Boost(r.Context(), me, id, r.PostFormValue("on") != "0"); err != nil {
		w.fail(rw, r, err)
		return
	}
	back(rw, r, "/")
}

func (w *Web) recommendSubmit(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	if err := w.Service.Recommend(r.Context(), me, id, r.PostFormValue("on") != "0"); err != nil {
		w.fail(rw, r, err)
		return
	}
	back(rw, r, "/")
}

func (w *Web) acceptSubmit(rw http.ResponseWriter, r *http.Request) {
	threadID, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	postID, err := strconv.ParseInt(r.PostFormValue("post_id"), 10, 64)
	if err != nil || postID < 0 {
		w.fail(rw, r, forum.Invalid("post_id", "must be a post number"))
		return
	}
	if err := w.Service.Accept(r.Context(), me, threadID, postID); err != nil {
		w.fail(rw, r, err)
		return
	}
	back(rw, r, "/t/"+strconv.FormatInt(threadID, 10))
}
