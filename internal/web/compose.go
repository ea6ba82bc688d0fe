package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

type composeData struct {
	Topics []forum.Topic
	Tags   []forum.Tag
	Form   formState
	Limits forum.Limits
	Draft  *draftView
}

func (w *Web) newThreadForm(rw http.ResponseWriter, r *http.Request) {
	if identity.From(r.Context()).User == nil {
		signInRedirect(rw, r)
		return
	}
	q := r.URL.Query()
	sub := q.Get("subtopic")
	form := formState{Values: map[string]string{"subtopic": sub, draftField: forum.NewThreadDraftKey(sub)}, Tags: map[string]bool{}}
	if tags := forum.SplitTags(q.Get("tag")); len(tags) > 0 {
		form.Values["tags"] = strings.Join(tags, ", ")
	}
	w.renderCompose(rw, r, form, http.StatusOK)
}

func (w *Web) renderCompose(rw http.ResponseWriter, r *http.Request, form formState, status int) {
	topics, err := w.Service.Topics(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	tags, err := w.Service.Tags(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	key := form.Values[draftField]
	if !forum.ValidDraftKey(key) {
		key = forum.NewThreadDraftKey(form.Values["subtopic"])
		if form.Values == nil {
			form.Values = map[string]string{}
		}
		form.Values[draftField] = key
	}
	draft := w.offerDraft(r, key, &form)
	w.render(rw, r, "compose", &page{Title: "Ask a question", NoIndex: true, Status: status,
		Data: &composeData{Topics: topics, Tags: tags, Form: form, Limits: w.Service.Limits(), Draft: draft}})
}

func (w *Web) newThreadSubmit(rw http.ResponseWriter, r *http.Request) {
	c := composer{what: "question", show: func(form formState, status int) { w.renderCompose(rw, r, form, status) },
		// Read once the body is parsed: the draft the form names, else
		// the subtopic's; signing in returns to that subtopic's composer.
		key: func() string {
			if k := r.PostFormValue(draftField); strings.HasPrefix(k, "new") && forum.ValidDraftKey(k) {
				return k
			}
			return forum.NewThreadDraftKey(r.PostFormValue("subtopic"))
		},
		next: func() string {
			if sub := r.PostFormValue("subtopic"); sub != "" {
				return "/new?subtopic=" + url.QueryEscape(sub)
			}
			return "/new"
		}}
	me, ok := w.composerAuth(rw, r, c)
	if !ok {
		return
	}
	in := forum.ThreadInput{Title: r.PostFormValue("title"), Subtopic: r.PostFormValue("subtopic"),
		Tags: r.PostForm["tags"], Body: r.PostFormValue("body"), Redact: r.PostFormValue("redact") != "",
		Key: r.PostFormValue(onceField), DraftKey: r.PostFormValue(draftField)}
	written, err := w.Service.CreateThread(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, in)
	if form, status, refused := refusedForm(rw, r, err, "You are posting too often. Your text is kept below"); refused {
		w.renderCompose(rw, r, form, status)
		return
	}
	if err != nil {
		w.failKeeping(rw, r, err, c.show)
		return
	}
	http.Redirect(rw, r, threadPath(written.Thread), http.StatusSeeOther)
}

func (w *Web) replySubmit(rw http.ResponseWriter, r *http.Request) {
	threadID, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	c := composer{what: "reply",
		show: func(form formState, status int) {
			tp, lerr := w.Service.ThreadPage(r.Context(), threadID, 1)
			if lerr != nil {
				w.fail(rw, r, lerr)
				return
			}
			w.renderThread(rw, r, tp, form, status)
		},
		key:  func() string { return forum.ReplyDraftKey(threadID) },
		next: func() string { return forum.ThreadPath(r.PathValue("slug"), threadID) + "#reply-h" }}
	me, ok := w.composerAuth(rw, r, c)
	if !ok {
		return
	}
	in := forum.ReplyInput{Body: r.PostFormValue("body"), Redact: r.PostFormValue("redact") != "", Key: r.PostFormValue(onceField)}
	written, err := w.Service.Reply(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, threadID, in)
	if form, status, refused := refusedForm(rw, r, err, "You are replying too often. Your reply is kept below"); refused {
		c.show(form, status)
		return
	}
	if err != nil {
		w.failKeeping(rw, r, err, c.show)
		return
	}
	// The target comes from what the write returned: a read here could
	// fail after the commit and show an error for a saved reply.
	t := written.Thread
	http.Redirect(rw, r, w.Service.PostPath(t.Slug, t.ID, written.PostID, written.Post.Number), http.StatusSeeOther)
}

type editData struct {
	Post   *forum.Post
	Thread *forum.Thread
	Form   formState
	Draft  *draftView
}

func (w *Web) renderEdit(rw http.ResponseWriter, r *http.Request, p *forum.Post, t *forum.Thread, form formState, status int) {
	draft := w.offerDraft(r, forum.EditDraftKey(p.ID), &form)
	w.render(rw, r, "edit", &page{Title: "Edit post", NoIndex: true, Status: status,
		Data: &editData{Post: p, Thread: t, Form: form, Draft: draft}})
}

func (w *Web) editForm(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me := identity.From(r.Context()).User
	if me == nil {
		signInRedirect(rw, r)
		return
	}
	// The form needs the post and its thread, not the history: page 1 of
	// the versions bounds what this loads, however long the history.
	rp, err := w.Service.RevisionPage(r.Context(), id, 1)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p, t := rp.Post, rp.Thread
	if !forum.Can(me, forum.ActEdit, p.Author.ID, t.Author.ID, t.Locked) {
		w.fail(rw, r, forum.ErrForbidden)
		return
	}
	form := formState{Values: map[string]string{"body": p.BodySource, "title": t.Title}}
	w.renderEdit(rw, r, p, t, form, http.StatusOK)
}

func (w *Web) editSubmit(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	c := composer{what: "edit",
		show: func(form formState, status int) {
			rp, lerr := w.Service.RevisionPage(r.Context(), id, 1)
			if lerr != nil {
				w.fail(rw, r, lerr)
				return
			}
			w.renderEdit(rw, r, rp.Post, rp.Thread, form, status)
		},
		key:  func() string { return forum.EditDraftKey(id) },
		next: func() string { return "/p/" + strconv.FormatInt(id, 10) + "/edit" }}
	me, ok := w.composerAuth(rw, r, c)
	if !ok {
		return
	}
	in := forum.EditInput{Title: strings.TrimSpace(r.PostFormValue("title")), Body: r.PostFormValue("body"), Redact: r.PostFormValue("redact") != ""}
	p, err := w.Service.EditPost(r.Context(), me, id, in)
	if form, status, refused := refusedForm(rw, r, err, "You are editing too often. Your text is kept below"); refused {
		c.show(form, status)
		return
	}
	if err != nil {
		w.failKeeping(rw, r, err, c.show)
		return
	}
	// The permalink leads to the page that holds the post.
	http.Redirect(rw, r, forum.PermalinkPath(p.ID), http.StatusSeeOther)
}

// refusedForm turns a write the Service refused for its input (field
// errors, 422) or its rate (429, with Retry-After) into the composer's form
// with the posted text kept; refused is false for any other outcome.
// tooOften starts the rate message, which ends with when to try again.
func refusedForm(rw http.ResponseWriter, r *http.Request, err error, tooOften string) (form formState, status int, refused bool) {
	var ve *forum.ValidationError
	var rl *forum.RateLimitError
	switch {
	case errors.As(err, &ve):
		form = postedForm(r)
		form.Errors = ve.Fields
		return form, http.StatusUnprocessableEntity, true
	case errors.As(err, &rl):
		form = postedForm(r)
		rw.Header().Set("Retry-After", strconv.Itoa(rl.RetryAfterSeconds))
		form.Notice = tooOften + "; try again in " + strconv.Itoa(rl.RetryAfterSeconds) + " seconds."
		return form, http.StatusTooManyRequests, true
	}
	return formState{}, 0, false
}
