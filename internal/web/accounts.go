package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

type accountForm struct {
	Form    formState
	Next    string
	Welcome string   // after sign-up, on the sign-in page
	Carry   *carried // a composer's text, saved as a draft on sign-in (keep.go)
	// Invite is the invitation code of a sign-up link; AskInvite shows
	// the field when the forum is invite only.
	Invite    string
	AskInvite bool
}

// signedUpNotice is shown on the sign-in page after every accepted
// sign-up, whether or not the address already had an account (see
// forum.Service.SignUp): the two answers must not differ.
const signedUpNotice = "Thanks for signing up. Sign in with your username and password to continue. " +
	"If that email address already had an account, no new one was made: sign in to the one you have."

// approvalNotice replaces signedUpNotice while new accounts need
// approval; it is shown after every accepted sign-up then, for the same
// reason.
const approvalNotice = "Thanks for signing up. Staff review new accounts: you can sign in once yours is approved. " +
	"If that email address already had an account, no new one was made: sign in to the one you have."

func (w *Web) signInForm(rw http.ResponseWriter, r *http.Request) {
	id := identity.From(r.Context())
	if id.User != nil {
		http.Redirect(rw, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	w.Resolver.EnsureAnon(rw, id)
	d := &accountForm{Next: safeNext(r.URL.Query().Get("next"))}
	switch r.URL.Query().Get("signedup") {
	case "1":
		d.Welcome = signedUpNotice
	case "approval":
		d.Welcome = approvalNotice
	}
	if r.URL.Query().Get("reset") == "1" {
		d.Welcome = "Your new password is set and every other session is signed out. Sign in with it."
	}
	w.render(rw, r, "signin", &page{Title: "Sign in", NoIndex: true, Data: d, Here: hereOf(d.Next)})
}

// anonForm parses a signed-out form and checks its CSRF token, which is
// bound to the anonymous cookie. A token that does not match (the cookie
// was cleared, or the page is old) shows the form again with what was
// typed, except passwords, and a fresh token.
func (w *Web) anonForm(rw http.ResponseWriter, r *http.Request, name, title string, keep []string) bool {
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, formError(err))
		return false
	}
	id := identity.From(r.Context())
	if !id.CheckCSRF(r) {
		if id.User != nil {
			w.fail(rw, r, errCSRF)
			return false
		}
		w.Resolver.EnsureAnon(rw, id)
		form := formState{Values: map[string]string{}, Errors: map[string]string{},
			Notice: "This form had expired, so nothing was sent. What you typed is kept below (except the password); try again."}
		for _, k := range keep {
			form.Values[k] = r.PostFormValue(k)
		}
		w.render(rw, r, name, &page{Title: title, NoIndex: true, Status: http.StatusForbidden,
			Data: &accountForm{Form: form, Next: safeNext(r.PostFormValue("next")), Carry: carriedFrom(r)}})
		return false
	}
	return true
}

func (w *Web) signInSubmit(rw http.ResponseWriter, r *http.Request) {
	if !w.anonForm(rw, r, "signin", "Sign in", []string{"login"}) {
		return
	}
	next := safeNext(r.PostFormValue("next"))
	carry := carriedFrom(r)
	in := forum.SignInInput{Login: r.PostFormValue("login"), Password: r.PostFormValue("password"), UserAgent: r.UserAgent()}
	u, secret, err := w.Service.SignIn(r.Context(), forum.Client{IP: w.ClientIP(r)}, in)
	if err != nil {
		form := formState{Values: map[string]string{"login": in.Login}, Errors: map[string]string{}}
		var ve *forum.ValidationError
		var rl *forum.RateLimitError
		status := http.StatusUnprocessableEntity
		switch {
		case errors.As(err, &ve):
			form.Errors = ve.Fields
		case errors.Is(err, forum.ErrBadCredentials):
			status = http.StatusUnauthorized
			form.Notice = err.Error()
		case errors.Is(err, forum.ErrForbidden):
			// Waiting for approval or suspended: told only to someone who
			// knew the password.
			status = http.StatusForbidden
			form.Notice = capitalize(forum.ForbiddenReason(err)) + "."
		case errors.As(err, &rl):
			status = http.StatusTooManyRequests
			rw.Header().Set("Retry-After", strconv.Itoa(rl.RetryAfterSeconds))
			form.Notice = "Too many sign-in attempts. Try again in " + strconv.Itoa(rl.RetryAfterSeconds) + " seconds."
		default:
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, "signin", &page{Title: "Sign in", NoIndex: true, Status: status, Data: &accountForm{Form: form, Next: next, Carry: carry}})
		return
	}
	w.Resolver.SetSession(rw, secret, 30*24*3600)
	http.Redirect(rw, r, w.keepCarried(r, u, carry, next), http.StatusSeeOther)
}

func (w *Web) signUpForm(rw http.ResponseWriter, r *http.Request) {
	id := identity.From(r.Context())
	if id.User != nil {
		http.Redirect(rw, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	w.Resolver.EnsureAnon(rw, id)
	next := safeNext(r.URL.Query().Get("next"))
	w.render(rw, r, "signup", &page{Title: "Create an account", NoIndex: true, Data: &accountForm{Next: next,
		Invite: r.URL.Query().Get("invite"), AskInvite: w.Service.Policy().Registration == forum.RegistrationInvite}, Here: hereOf(next)})
}

func (w *Web) signUpSubmit(rw http.ResponseWriter, r *http.Request) {
	if !w.anonForm(rw, r, "signup", "Create an account", []string{"username", "email", "display_name"}) {
		return
	}
	next := safeNext(r.PostFormValue("next"))
	in := forum.SignUpInput{Username: r.PostFormValue("username"), Email: r.PostFormValue("email"),
		Password: r.PostFormValue("password"), DisplayName: r.PostFormValue("display_name"), InviteCode: r.PostFormValue("invite")}
	cl := forum.Client{IP: w.ClientIP(r)}
	if err := w.Service.SignUp(r.Context(), cl, in); err != nil {
		form := formState{Values: map[string]string{"username": in.Username, "email": in.Email, "display_name": in.DisplayName}, Errors: map[string]string{}}
		var ve *forum.ValidationError
		var rl *forum.RateLimitError
		status := http.StatusUnprocessableEntity
		switch {
		case errors.As(err, &ve):
			form.Errors = ve.Fields
		case errors.As(err, &rl):
			status = http.StatusTooManyRequests
			rw.Header().Set("Retry-After", strconv.Itoa(rl.RetryAfterSeconds))
			form.Notice = "Too many accounts were created from your network. Try again later."
		default:
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, "signup", &page{Title: "Create an account", NoIndex: true, Status: status, Data: &accountForm{Form: form, Next: next,
			Invite: in.InviteCode, AskInvite: w.Service.Policy().Registration == forum.RegistrationInvite || form.Errors["invite"] != ""}})
		return
	}
	// The same answer whether an account was created or the address was
	// already registered; no session, which would tell them apart.
	done := "1"
	if w.Service.Policy().Registration == forum.RegistrationApproval {
		done = "approval"
	}
	http.Redirect(rw, r, "/signin?signedup="+done+"&next="+url.QueryEscape(next), http.StatusSeeOther)
}

func (w *Web) signOut(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	if err := w.Service.SignOut(r.Context(), me, identity.From(r.Context()).Cookie); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.Resolver.ClearSession(rw)
	http.Redirect(rw, r, "/", http.StatusSeeOther)
}

// hereOf is the Here of the sign-in and sign-up pages: the page they
// return to, so their header links keep it instead of pointing at
// themselves.
func hereOf(next string) string {
	if next == "/" {
		return ""
	}
	return next
}

// safeNext is the page to go to after signing in or up: next when it is
// a path on this site (see localTarget), else the home page.
func safeNext(next string) string {
	if target, ok := localTarget(next); ok {
		return target
	}
	return "/"
}

type accountData struct {
	Sessions  []forum.Session
	CurrentID string
	Tokens    []forum.Token
	NewToken  string
	// The feed link: shown once when made (NewFeedToken), else when the
	// current one was made.
	NewFeedToken string
	FeedCreated  time.Time
	HasFeed      bool
	Private      bool
	Password     formState
	TokenForm    formState
	Flash        string
	// DeleteForm and Profile are the account deletion and display name
	// forms (people.go).
	DeleteForm formState
	Profile    formState
	// EmailForm changes the address; Unverified says the address still
	// waits for confirmation, MustVerify that posting waits for it, and
	// MailOn whether this forum sends email at all (mail.go).
	EmailForm              formState
	Unverified, MustVerify bool
	MailOn                 bool
}

func (w *Web) account(rw http.ResponseWriter, r *http.Request) {
	w.renderAccount(rw, r, &accountData{Flash: flashMessage(r.URL.Query().Get("done"))}, http.StatusOK)
}

func flashMessage(code string) string {
	switch code {
	case "password":
		return "Your password was changed. Every other session was signed out and every API token revoked."
	case "password-kept":
		return "Your password was changed. Every other session was signed out; your API tokens still work."
	case "session":
		return "The session was signed out."
	case "token":
		return "The token was revoked."
	case "profile":
		return "Your display name was changed."
	case "email-sent":
		return "We sent a link to your new address: open it to confirm the change. Until then your account keeps its current address."
	case "verify-sent":
		return "We sent you a new confirmation link."
	}
	return ""
}

func (w *Web) renderAccount(rw http.ResponseWriter, r *http.Request, d *accountData, status int) {
	id := identity.From(r.Context())
	if id.User == nil {
		signInRedirect(rw, r)
		return
	}
	d.MailOn = w.Service.MailEnabled()
	d.Unverified = d.MailOn && id.User.EmailVerified.IsZero() && w.Service.VerificationMode() != forum.VerifyOff
	d.MustVerify = w.Service.MustVerify(id.User)
	var err error
	if d.Sessions, err = w.Service.Sessions(r.Context(), id.User); err == nil {
		d.Tokens, err = w.Service.Tokens(r.Context(), id.User)
	}
	if err == nil {
		d.FeedCreated, d.HasFeed, err = w.Service.FeedTokenCreated(r.Context(), id.User)
	}
	d.Private = w.Service.Policy().LoginRequired
	if err != nil && d.NewToken == "" {
		w.fail(rw, r, err)
		return
	}
	if err != nil {
		// The token was created: its secret must be shown even when the
		// lists cannot be read, or it is lost.
		w.Logger.Warn("account lists unavailable after creating a token", "err", err)
		d.Flash = "Your token was created. The lists below could not be loaded; reload the page to see them."
	}
	if id.Session != nil {
		d.CurrentID = id.Session.ID
	}
	w.render(rw, r, "account", &page{Title: "Your account", NoIndex: true, Status: status, Data: d})
}

// accountAuth is authorize for the account page's forms: a stale token
// (signed in again in another tab) shows the page again with a message
// and what the form held, instead of a bare error page.
func (w *Web) accountAuth(rw http.ResponseWriter, r *http.Request, keep func(d *accountData)) (*forum.User, bool) {
	if err := r.ParseForm(); err == nil {
		if id := identity.From(r.Context()); id.User != nil && !id.CheckCSRF(r) {
			d := &accountData{Flash: "That form had expired, so nothing was changed: you signed in again since this page was opened (perhaps in another tab). Try again below."}
			if keep != nil {
				keep(d)
			}
			w.renderAccount(rw, r, d, http.StatusForbidden)
			return nil, false
		}
	}
	return w.authorize(rw, r)
}

func (w *Web) passwordSubmit(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.accountAuth(rw, r, nil)
	if !ok {
		return
	}
	id := identity.From(r.Context())
	sessionID := ""
	if id.Session != nil {
		sessionID = id.Session.ID
	}
	keep := r.PostFormValue("keep_tokens") != ""
	err := w.Service.ChangePassword(r.Context(), me, sessionID, forum.PasswordInput{Current: r.PostFormValue("current_password"),
		Next: r.PostFormValue("new_password"), KeepTokens: keep})
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		w.renderAccount(rw, r, &accountData{Password: formState{Errors: ve.Fields}}, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	done := "password"
	if keep {
		done = "password-kept"
	}
	http.Redirect(rw, r, "/account?done="+done, http.StatusSeeOther)
}

func (w *Web) revokeSession(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.accountAuth(rw, r, nil)
	if !ok {
		return
	}
	if err := w.Service.RevokeSession(r.Context(), me, r.PathValue("id")); err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/account?done=session", http.StatusSeeOther)
}

func (w *Web) tokenCreate(rw http.ResponseWriter, r *http.Request) {
	keepName := func(d *accountData) {
		d.TokenForm.Values = map[string]string{"name": r.PostFormValue("name"), onceField: r.PostFormValue(onceField)}
	}
	me, ok := w.accountAuth(rw, r, keepName)
	if !ok {
		return
	}
	_, plain, _, err := w.Service.RequestToken(r.Context(), me, forum.TokenInput{Name: r.PostFormValue("name"),
		CurrentPassword: r.PostFormValue("current_password"), Session: identity.From(r.Context()).Session, Key: r.PostFormValue(onceField)})
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		d := &accountData{TokenForm: formState{Errors: ve.Fields}}
		keepName(d)
		w.renderAccount(rw, r, d, http.StatusUnprocessableEntity)
		return
	}
	if errors.Is(err, forum.ErrForbidden) {
		// Signed in too long ago: the form asks for the password.
		d := &accountData{TokenForm: formState{Errors: map[string]string{
			"current_password": "is needed: you signed in more than 10 minutes ago"}}}
		keepName(d)
		w.renderAccount(rw, r, d, http.StatusForbidden)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	// The secret is shown once, on this response, and never stored.
	rw.Header().Set("Cache-Control", "no-store")
	w.renderAccount(rw, r, &accountData{NewToken: plain}, http.StatusOK)
}

func (w *Web) tokenRevoke(rw http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	me, ok := w.accountAuth(rw, r, nil)
	if !ok {
		return
	}
	if err := w.Service.RevokeToken(r.Context(), me, id); err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/account?done=token", http.StatusSeeOther)
}

type userData struct {
	User    *forum.User
	Page    *forum.ListPage
	Replies []forum.UserReply
	NextURL string
}

func (w *Web) user(rw http.ResponseWriter, r *http.Request) {
	name, format := splitFormat(r, r.PathValue("username"))
	if format == "json" {
		w.API.User(rw, r, name)
		return
	}
	q, err := listQuery(r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if format != "" {
		q = forum.ListQuery{Sort: forum.SortNewest, Desc: true, Limit: 30}
	}
	up, err := w.Service.UserPage(r.Context(), name, q)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	path := "/u/" + up.User.Username
	if format != "" {
		w.userFeed(rw, r, format, up)
		return
	}
	d := &userData{User: up.User, Page: up.Threads, Replies: up.Replies}
	if up.Threads.Next != nil {
		d.NextURL = path + "?" + listParams(q, up.Threads.Next.Encode())
	}
	w.render(rw, r, "user", &page{Title: up.User.DisplayName + " (@" + up.User.Username + ")", Canonical: w.BaseURL + path, Data: d,
		Alternates: []alternate{{"rss", up.User.DisplayName + " (RSS)", path + ".rss"}, {"atom", up.User.DisplayName + " (Atom)", path + ".atom"}}})
}
