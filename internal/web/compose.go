package web

import (
	"errors"
	"net/http"
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
}

func (w *Web) newThreadForm(rw http.ResponseWriter, r *http.Request) {
	if identity.From(r.Context()).User == nil {
		signInRedirect(rw, r)
		return
	}
	form := formState{Values: map[string]string{"subtopic": r.URL.Query().Get("subtopic")}}
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
	w.render(rw, r, "compose", &page{Title: "Ask a question", NoIndex: true, Status: status,
		Data: &composeData{Topics: topics, Tags: tags, Form: form, Limits: w.Service.Limits()}})
}

func (w *Web) newThreadSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	in := forum.ThreadInput{Title: r.PostFormValue("title"), Subtopic: r.PostFormValue("subtopic"),
		Tags: r.PostForm["tags"], Body: r.PostFormValue("body"), Redact: r.PostFormValue("redact") != "",
		Key: r.PostFormValue(onceField)}
	written, err := w.Service.CreateThread(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, in)
	var ve *forum.ValidationError
	var rl *forum.RateLimitError
	switch {
	case errors.As(err, &ve), errors.As(err, &rl):
		form := formState{Values: map[string]string{"title": in.Title, "subtopic": in.Subtopic, "body": in.Body, onceField: in.Key},
			Tags: map[string]bool{}, Errors: map[string]string{}}
		if in.Redact {
			form.Values["redact"] = "on"
		}
		for _, t := range in.Tags {
			form.Tags[t] = true
		}
		form.Values["tags"] = strings.Join(forum.SplitTags(strings.Join(in.Tags, ",")), ", ")
		status := http.StatusUnprocessableEntity
		if ve != nil {
			form.Errors = ve.Fields
		} else {
			status = http.StatusTooManyRequests
			rw.Header().Set("Retry-After", strconv.Itoa(rl.RetryAfterSeconds))
			form.Notice = "You are posting too often. Your text is kept below; try again in " + strconv.Itoa(rl.RetryAfterSeconds) + " seconds."
		}
		w.renderCompose(rw, r, form, status)
		return
	case err != nil:
		w.fail(rw, r, err)
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
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	in := forum.ReplyInput{Body: r.PostFormValue("body"), Redact: r.PostFormValue("redact") != "", Key: r.PostFormValue(onceField)}
	written, err := w.Service.Reply(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, threadID, in)
	var ve *forum.ValidationError
	var rl *forum.RateLimitError
	if errors.As(err, &ve) || errors.As(err, &rl) {
		tp, lerr := w.Service.ThreadPage(r.Context(), threadID, 1)
		if lerr != nil {
			w.fail(rw, r, lerr)
			return
		}
		form := formState{Values: map[string]string{"body": in.Body, onceField: in.Key}, Errors: map[string]string{}}
		if in.Redact {
			form.Values["redact"] = "on"
		}
		status := http.StatusUnprocessableEntity
		if ve != nil {
			form.Errors = ve.Fields
		} else {
			status = http.StatusTooManyRequests
			rw.Header().Set("Retry-After", strconv.Itoa(rl.RetryAfterSeconds))
			form.Notice = "You are replying too often. Your reply is kept below; try again in " + strconv.Itoa(rl.RetryAfterSeconds) + " seconds."
		}
		w.renderThread(rw, r, tp, form, status)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	// The target comes from what the write returned: a read here could
	// fail after the commit and show an error for a saved reply.
	target := threadPath(written.Thread)
	if page := w.Service.PageOf(written.Post.Number); page > 1 {
		target += "?page=" + strconv.Itoa(page)
	}
	http.Redirect(rw, r, target+"#post-"+strconv.FormatInt(written.PostID, 10), http.StatusSeeOther)
}

type editData struct {
	Post   *forum.Post
	Thread *forum.Thread
	Form   formState
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
	w.render(rw, r, "edit", &page{Title: "Edit post", NoIndex: true, Data: &editData{Post: p, Thread: t, Form: form}})
}

func (w *Web) editSubmit(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	in := forum.EditInput{Title: strings.TrimSpace(r.PostFormValue("title")), Body: r.PostFormValue("body"), Redact: r.PostFormValue("redact") != ""}
	p, err := w.Service.EditPost(r.Context(), me, id, in)
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		rp, lerr := w.Service.RevisionPage(r.Context(), id, 1)
		if lerr != nil {
			w.fail(rw, r, lerr)
			return
		}
		post, t := rp.Post, rp.Thread
		form := formState{Values: map[string]string{"body": in.Body, "title": in.Title}, Errors: ve.Fields}
		w.render(rw, r, "edit", &page{Title: "Edit post", NoIndex: true, Status: http.StatusUnprocessableEntity,
			Data: &editData{Post: post, Thread: t, Form: form}})
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/t/"+strconv.FormatInt(p.ThreadID, 10)+"#post-"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}
