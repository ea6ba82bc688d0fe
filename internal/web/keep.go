package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// Nothing typed is lost: a composer's POST (a new thread, a reply, an
// edit) that cannot be posted comes back as the form with the text in it,
// or, when the session is gone, as a sign-in form that carries the text
// and saves it as the account's draft, so signing in returns to the form
// with the text restored.

// composer is one composer form, for the paths that must keep its text.
// key and next are called only after the body is parsed.
type composer struct {
	key  func() string                    // its draft (forum.NewThreadDraftKey, ReplyDraftKey, EditDraftKey)
	next func() string                    // its page, where signing in returns
	what string                           // "question", "reply" or "edit", for the messages
	show func(form formState, status int) // renders the form again holding form
}

// expiredNotice explains a form whose CSRF token no longer matches the
// session: the user signed out and in again, often in another tab.
const expiredNotice = "This form had expired, so nothing was posted: you signed out or signed in again since this page was opened (perhaps in another tab). Your text is kept below; check it and post again."

// composerAuth is authorize for a composer: a readable form, a signed-in
// user, a valid CSRF token. Each failure a person causes without meaning
// to keeps the text: no session leads to a sign-in form carrying it, a
// stale token shows the form again with a fresh one, and a body over the
// request limit shows the form with what arrived and the same "too long"
// error as the character limit. It reports false after answering.
func (w *Web) composerAuth(rw http.ResponseWriter, r *http.Request, c composer) (*forum.User, bool) {
	truncated, err := parseKeepingText(r)
	if err != nil {
		w.fail(rw, r, formError(err))
		return nil, false
	}
	id := identity.From(r.Context())
	form := postedForm(r)
	if id.User == nil {
		w.signInToKeep(rw, r, c, form)
		return nil, false
	}
	// Before the token: a body cut at the limit may have lost its token
	// with its tail, and showing a form writes nothing.
	if truncated {
		max := w.Service.Limits().BodyMax
		form.Errors["body"] = fmt.Sprintf("must be at most %d characters (it has more than %d)", max,
			utf8.RuneCountInString(form.Values["body"]))
		form.Notice = "Your text is longer than the forum accepts, so only its beginning arrived; it is below. Shorten it and post again."
		c.show(form, http.StatusRequestEntityTooLarge)
		return nil, false
	}
	if !id.CheckCSRF(r) {
		form.Notice = expiredNotice
		c.show(form, http.StatusForbidden)
		return nil, false
	}
	return id.User, true
}

// postedForm is a composer's fields as posted, for showing them again.
func postedForm(r *http.Request) formState {
	f := formState{Values: map[string]string{}, Tags: map[string]bool{}, Errors: map[string]string{}}
	for _, k := range []string{"title", "subtopic", "body", onceField, draftField} {
		if v := r.PostFormValue(k); v != "" {
			f.Values[k] = v
		}
	}
	if r.PostFormValue("redact") != "" {
		f.Values["redact"] = "on"
	}
	for _, t := range r.PostForm["tags"] {
		f.Tags[t] = true
	}
	if tags := forum.SplitTags(strings.Join(r.PostForm["tags"], ",")); len(tags) > 0 {
		f.Values["tags"] = strings.Join(tags, ", ")
	}
	return f
}

// parseKeepingText parses a form like r.ParseForm, except that a URL-encoded
// body over the request limit is parsed as far as it arrived (reported
// as truncated) instead of being lost whole: the composer's fields come
// first and the text is what the user needs back.
func parseKeepingText(r *http.Request) (truncated bool, err error) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if r.Method != http.MethodPost || mt != "application/x-www-form-urlencoded" || r.Body == nil || r.PostForm != nil {
		return false, r.ParseForm()
	}
	raw, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	if err != nil && !errors.As(err, &mbe) {
		return false, err
	}
	truncated = err != nil
	if truncated {
		// The cut may fall inside a %XX escape or a UTF-8 sequence.
		if i := strings.LastIndexByte(string(raw[max(0, len(raw)-2):]), '%'); i >= 0 {
			raw = raw[:max(0, len(raw)-2)+i]
		}
	}
	vals, perr := url.ParseQuery(string(raw))
	if perr != nil && !truncated {
		return false, perr
	}
	if truncated {
		for _, vs := range vals {
			for i, v := range vs {
				vs[i] = strings.ToValidUTF8(v, "")
			}
		}
	}
	r.PostForm = vals
	r.Form = url.Values{}
	for k, vs := range r.URL.Query() {
		r.Form[k] = append(r.Form[k], vs...)
	}
	for k, vs := range vals {
		r.Form[k] = append(r.Form[k], vs...)
	}
	return truncated, nil
}

// failKeeping answers an error of a composer's write that is nobody's
// input mistake (a refusal, the database away, a fault) with the form and
// the text, and a message saying nothing was posted. Only an error that
// leaves nothing to show the form on (its thread is gone) is a bare page.
func (w *Web) failKeeping(rw http.ResponseWriter, r *http.Request, err error, show func(formState, int)) {
	form := postedForm(r)
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, forum.ErrNotFound), errors.Is(err, forum.ErrUnauthorized), r.Context().Err() != nil:
		w.fail(rw, r, err)
		return
	case errors.Is(err, forum.ErrForbidden):
		status = http.StatusForbidden
		form.Notice = forbiddenMessage(err) + " Nothing was posted; your text is kept below."
	case errors.Is(err, forum.ErrUnavailable):
		status = http.StatusServiceUnavailable
		rw.Header().Set("Retry-After", "5")
		form.Notice = "The forum cannot reach its database right now, so nothing was posted. Your text is kept below; try again in a moment."
	case errors.Is(err, forum.ErrConflict):
		status = http.StatusConflict
		form.Notice = "That conflicts with something that already exists, so nothing was posted. Your text is kept below."
	case isTimeout(err):
		w.fail(rw, r, err)
		return
	default:
		w.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		form.Notice = "The forum hit an unexpected error, so nothing was posted (it has been logged). Your text is kept below; try again."
	}
	show(form, status)
}

// carried is a composer's text riding along a sign-in form.
type carried struct {
	Key   string
	Title string
	Body  string
	What  string
}

// carryFields name the sign-in form's hidden fields that carry the text.
const (
	carryKey   = "carry_key"
	carryTitle = "carry_title"
	carryBody  = "carry_body"
	carryWhat  = "carry_what"
)

// Notice says what happened to the text and what signing in does.
func (c *carried) Notice() string {
	what := "your text"
	switch c.What {
	case "question":
		what = "your question"
	case "reply":
		what = "your reply"
	case "edit":
		what = "your edit"
	}
	return "You were signed out before " + what + " was posted. Sign in and you will be back at the form with your text; nothing has been posted yet."
}

// signInToKeep answers a composer's POST without a session (it expired,
// or the user signed out in another tab) with the sign-in form, 401,
// carrying the text in hidden fields.
func (w *Web) signInToKeep(rw http.ResponseWriter, r *http.Request, c composer, form formState) {
	id := identity.From(r.Context())
	w.Resolver.EnsureAnon(rw, id)
	d := &accountForm{Next: safeNext(c.next()), Carry: &carried{Key: c.key(), Title: form.Values["title"], Body: form.Values["body"], What: c.what}}
	d.Form.Notice = d.Carry.Notice()
	w.render(rw, r, "signin", &page{Title: "Sign in", NoIndex: true, Status: http.StatusUnauthorized, Data: d})
}

// carriedFrom reads the carried text of a sign-in POST, or nil.
func carriedFrom(r *http.Request) *carried {
	c := &carried{Key: r.PostFormValue(carryKey), Title: r.PostFormValue(carryTitle), Body: r.PostFormValue(carryBody), What: r.PostFormValue(carryWhat)}
	if !forum.ValidDraftKey(c.Key) || strings.TrimSpace(c.Title+c.Body) == "" {
		return nil
	}
	return c
}

// keepCarried saves carried text as the signed-in user's draft and
// returns where to go: next, asking its form to resume the draft.
func (w *Web) keepCarried(r *http.Request, u *forum.User, c *carried, next string) string {
	if c == nil || u == nil {
		return next
	}
	if _, _, err := w.Service.SaveDraft(r.Context(), u, c.Key, forum.DraftInput{Title: c.Title, Body: c.Body}); err != nil {
		w.Logger.Warn("keep carried text as a draft", "key", c.Key, "err", err)
		return next
	}
	return withResume(next)
}

// withResume adds draft=resume to a same-site path, before its fragment.
func withResume(path string) string {
	frag := ""
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, frag = path[:i], path[i:]
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "draft=resume" + frag
}
