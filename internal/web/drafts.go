package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// draftField names the hidden field of the question composer that says
// which draft it is (the subtopic may change while typing).
const draftField = "draft"

// draftView is what a composer needs about its draft: the key its script
// saves under (app.js), and a saved draft to offer or the one restored.
type draftView struct {
	Key       string
	User      string // the account, so a browser's offline copies are kept apart
	At        time.Time
	Resumed   bool
	ResumeURL string
	Return    string // where discarding returns
}

// offerDraft looks up the signed-in user's draft for a composer. A form
// asked to resume it (?draft=resume) is filled with it; otherwise the
// form offers it. A form shown again after an error holds the text just
// posted and is left alone. A failed lookup only costs the
// offer.
func (w *Web) offerDraft(r *http.Request, key string, form *formState) *draftView {
	me := identity.From(r.Context()).User
	if me == nil || !forum.ValidDraftKey(key) {
		return nil
	}
	v := &draftView{Key: key, User: me.Username, Return: r.URL.Path}
	if len(form.Errors) > 0 || form.Notice != "" {
		return v
	}
	d, err := w.Service.Draft(r.Context(), me, key)
	if err != nil {
		// A reader who left mid-request cancels the lookup: nothing
		// to report.
		if !errors.Is(err, forum.ErrNotFound) && r.Context().Err() == nil {
			w.Logger.Warn("load draft", "key", key, "err", err)
		}
		return v
	}
	v.At = d.UpdatedAt
	q := r.URL.Query()
	if q.Get("draft") == "resume" {
		if form.Values == nil {
			form.Values = map[string]string{}
		}
		form.Values["body"] = d.Body
		if d.Title != "" {
			form.Values["title"] = d.Title
		}
		v.Resumed = true
		return v
	}
	q.Set("draft", "resume")
	v.ResumeURL = r.URL.Path + "?" + q.Encode()
	return v
}

// draftDiscard handles POST /drafts/{key}/discard, the "Discard" button
// next to "Resume draft".
func (w *Web) draftDiscard(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	if err := w.Service.DeleteDraft(r.Context(), me, r.PathValue("key")); err != nil && !errors.Is(err, forum.ErrNotFound) {
		w.fail(rw, r, err)
		return
	}
	target, ok := localTarget(r.PostFormValue("return"))
	if !ok {
		target = "/"
	}
	if u, err := url.Parse(target); err == nil {
		q := u.Query()
		q.Del("draft")
		u.RawQuery = q.Encode()
		target = u.String()
	}
	http.Redirect(rw, r, target, http.StatusSeeOther)
}
