package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// accountRecoveryPages are signed-out forms that carry a CSRF token bound
// to the visitor's cookie, like sign-in: never cached or shared.
var accountRecoveryPages = map[string]bool{"forgot": true, "reset": true}

// forgotSent is the one answer to a reset request, whether or not an
// account has that address: the form must not tell who has an account.
const forgotSent = "If an account has that email address or user name, we have sent it a link to choose a new password. It works once, for one hour. Check your spam folder if it does not arrive within a few minutes."

type forgotData struct {
	Form   formState
	Sent   string
	NoMail bool
}

func (w *Web) forgotForm(rw http.ResponseWriter, r *http.Request) {
	id := identity.From(r.Context())
	w.Resolver.EnsureAnon(rw, id)
	d := &forgotData{NoMail: !w.Service.MailEnabled(), Form: formState{Values: map[string]string{}, Errors: map[string]string{}}}
	w.render(rw, r, "forgot", &page{Title: "Forgot your password?", NoIndex: true, Data: d})
}

// expiredAnonForm parses a signed-out visitor's form and reports whether
// its CSRF token failed (the caller then shows the form again with what
// was typed); a form that does not parse is answered here (ok false).
func (w *Web) expiredAnonForm(rw http.ResponseWriter, r *http.Request) (expired, ok bool) {
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, formError(err))
		return false, false
	}
	id := identity.From(r.Context())
	if id.CheckCSRF(r) {
		return false, true
	}
	if id.User != nil {
		w.fail(rw, r, errCSRF)
		return false, false
	}
	w.Resolver.EnsureAnon(rw, id)
	return true, true
}

// formExpired is what a form sent with a stale token says.
const formExpired = "This form had expired, so nothing was sent. What you typed is kept below (except passwords); try again."

func (w *Web) forgotSubmit(rw http.ResponseWriter, r *http.Request) {
	expired, ok := w.expiredAnonForm(rw, r)
	if !ok {
		return
	}
	if expired {
		d := &forgotData{NoMail: !w.Service.MailEnabled(), Form: formState{Values: map[string]string{"email": r.PostFormValue("email")},
			Errors: map[string]string{}, Notice: formExpired}}
		w.render(rw, r, "forgot", &page{Title: "Forgot your password?", NoIndex: true, Status: http.StatusForbidden, Data: d})
		return
	}
	login := r.PostFormValue("email")
	d := &forgotData{Form: formState{Values: map[string]string{"email": login}, Errors: map[string]string{}}}
	err := w.Service.RequestPasswordReset(r.Context(), forum.Client{IP: w.ClientIP(r)}, login)
	status := http.StatusOK
	var ve *forum.ValidationError
	var rl *forum.RateLimitError
	switch {
	case err == nil:
		d.Sent = forgotSent
		d.Form.Values["email"] = ""
	case errors.As(err, &ve):
		status = http.StatusUnprocessableEntity
		d.Form.Errors = ve.Fields
	case errors.Is(err, forum.ErrNoMail):
		status = http.StatusServiceUnavailable
		d.NoMail = true
	case errors.As(err, &rl):
		status = http.StatusTooManyRequests
		rw.Header().Set("Retry-After", strconv.Itoa(rl.RetryAfterSeconds))
		d.Form.Notice = "Too many reset requests. Try again in " + strconv.Itoa(rl.RetryAfterSeconds) + " seconds."
	default:
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, "forgot", &page{Title: "Forgot your password?", NoIndex: true, Status: status, Data: d})
}

type resetData struct {
	Form  formState
	Token string
}

func (w *Web) resetForm(rw http.ResponseWriter, r *http.Request) {
	id := identity.From(r.Context())
	w.Resolver.EnsureAnon(rw, id)
	// The token is checked when the form is sent: looking it up here
	// would let a link scanner spend nothing but tell it apart.
	rw.Header().Set("Referrer-Policy", "no-referrer")
	d := &resetData{Token: r.PathValue("token"), Form: formState{Values: map[string]string{}, Errors: map[string]string{}}}
	w.render(rw, r, "reset", &page{Title: "Choose a new password", NoIndex: true, Data: d})
}

func (w *Web) resetSubmit(rw http.ResponseWriter, r *http.Request) {
	expired, ok := w.expiredAnonForm(rw, r)
	if !ok {
		return
	}
	rw.Header().Set("Referrer-Policy", "no-referrer")
	token := r.PathValue("token")
	if expired {
		d := &resetData{Token: token, Form: formState{Values: map[string]string{}, Errors: map[string]string{}, Notice: formExpired}}
		w.render(rw, r, "reset", &page{Title: "Choose a new password", NoIndex: true, Status: http.StatusForbidden, Data: d})
		return
	}
	_, err := w.Service.ResetPassword(r.Context(), token, r.PostFormValue("new_password"))
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		d := &resetData{Token: token, Form: formState{Values: map[string]string{}, Errors: ve.Fields}}
		w.render(rw, r, "reset", &page{Title: "Choose a new password", NoIndex: true, Status: http.StatusUnprocessableEntity, Data: d})
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	// Every session of the account ended, this browser's too if it was
	// signed in: sign in with the new password.
	w.Resolver.ClearSession(rw)
	http.Redirect(rw, r, "/signin?reset=1", http.StatusSeeOther)
}

// verifyEmail and confirmEmailChange use the link of a verification or
// address change email. They work signed out (the link is the proof) and
// end on the account page or the sign-in page with what happened.
func (w *Web) verifyEmail(rw http.ResponseWriter, r *http.Request) {
	w.useEmailLink(rw, r, false)
}

func (w *Web) confirmEmailChange(rw http.ResponseWriter, r *http.Request) {
	w.useEmailLink(rw, r, true)
}

func (w *Web) useEmailLink(rw http.ResponseWriter, r *http.Request, change bool) {
	rw.Header().Set("Referrer-Policy", "no-referrer")
	rw.Header().Set("Cache-Control", "private, no-store")
	err := w.Service.ConfirmEmail(r.Context(), r.PathValue("token"), change)
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		w.render(rw, r, "email_link", &page{Title: "Email link", NoIndex: true, Status: http.StatusGone,
			Data: &emailLinkData{Problem: "This link " + ve.Fields["token"] + ".", Change: change}})
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.render(rw, r, "email_link", &page{Title: "Email address confirmed", NoIndex: true, Data: &emailLinkData{Change: change}})
}

type emailLinkData struct {
	Problem string
	Change  bool
}

func (w *Web) resendVerification(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	err := w.Service.ResendVerification(r.Context(), me, forum.Client{IP: w.ClientIP(r)})
	var ve *forum.ValidationError
	if errors.As(err, &ve) || errors.Is(err, forum.ErrNoMail) {
		// Already confirmed, or nothing to send: the account page says which.
		http.Redirect(rw, r, "/account", http.StatusSeeOther)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/account?done=verify-sent", http.StatusSeeOther)
}

func (w *Web) changeEmailSubmit(rw http.ResponseWriter, r *http.Request) {
	keep := func(d *accountData) {
		d.EmailForm = formState{Values: map[string]string{"email": r.PostFormValue("email")}, Errors: map[string]string{}}
	}
	me, ok := w.accountAuth(rw, r, keep)
	if !ok {
		return
	}
	err := w.Service.ChangeEmail(r.Context(), me, forum.Client{IP: w.ClientIP(r)}, r.PostFormValue("current_password"), r.PostFormValue("email"))
	var ve *forum.ValidationError
	if errors.As(err, &ve) {
		d := &accountData{}
		keep(d)
		d.EmailForm.Errors = ve.Fields
		w.renderAccount(rw, r, d, http.StatusUnprocessableEntity)
		return
	}
	if errors.Is(err, forum.ErrNoMail) {
		d := &accountData{}
		keep(d)
		d.EmailForm.Errors["email"] = "cannot be changed here: this forum sends no email, so an administrator must change it"
		w.renderAccount(rw, r, d, http.StatusServiceUnavailable)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	http.Redirect(rw, r, "/account?done=email-sent", http.StatusSeeOther)
}

// settingsInForce is what the settings page shows beside the email
// verification setting: the mode in force on this deployment, with why.
func (w *Web) settingsInForce() map[string]string {
	mode := w.Service.VerificationMode()
	why := " (an SMTP server is configured)"
	if !w.Service.MailEnabled() {
		why = " (no SMTP server is configured, so no email is sent)"
	}
	return map[string]string{"email_verification": mode + why}
}
