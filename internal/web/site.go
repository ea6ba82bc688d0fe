package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// First-run setup, the legal pages and the private-forum gate.

type setupData struct {
	Form formState
}

// setupFirst shows the setup page at "/" while the forum waits for its
// first administrator; afterwards it costs one atomic load.
func (w *Web) setupFirst(next http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if w.Service.NeedsSetup() {
			if err := w.Service.RefreshSetup(r.Context()); err != nil {
				w.fail(rw, r, err)
				return
			}
			if w.Service.NeedsSetup() {
				w.renderSetup(rw, r, formState{}, http.StatusOK)
				return
			}
		}
		next(rw, r)
	}
}

func (w *Web) renderSetup(rw http.ResponseWriter, r *http.Request, f formState, status int) {
	w.Resolver.EnsureAnon(rw, identity.From(r.Context()))
	rw.Header().Set("Cache-Control", "private, no-store")
	w.render(rw, r, "setup", &page{Title: "Set up your forum", NoIndex: true, Status: status, Data: &setupData{Form: f}})
}

func (w *Web) setupSubmit(rw http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		w.fail(rw, r, formError(err))
		return
	}
	if id := identity.From(r.Context()); !id.CheckCSRF(r) {
		// An expired form keeps what was typed, except the password.
		form := formState{Values: map[string]string{}, Errors: map[string]string{},
			Notice: "This form had expired, so nothing was sent. What you typed is kept below (except the password); try again."}
		for _, k := range []string{"code", "forum_name", "username", "email", "display_name"} {
			form.Values[k] = r.PostFormValue(k)
		}
		w.renderSetup(rw, r, form, http.StatusForbidden)
		return
	}
	in := forum.SetupInput{Code: r.PostFormValue("code"), ForumName: r.PostFormValue("forum_name"), UserAgent: r.UserAgent(),
		Account: forum.SignUpInput{Username: r.PostFormValue("username"), Email: r.PostFormValue("email"),
			Password: r.PostFormValue("password"), DisplayName: r.PostFormValue("display_name")}}
	_, secret, err := w.Service.CompleteSetup(r.Context(), forum.Client{IP: w.ClientIP(r)}, in)
	if err != nil {
		f := formState{Values: map[string]string{"forum_name": in.ForumName, "username": in.Account.Username,
			"email": in.Account.Email, "display_name": in.Account.DisplayName}, Errors: map[string]string{}}
		var ve *forum.ValidationError
		var rl *forum.RateLimitError
		switch {
		case errors.As(err, &ve):
			f.Errors = ve.Fields
			w.renderSetup(rw, r, f, http.StatusUnprocessableEntity)
		case errors.As(err, &rl):
			rw.Header().Set("Retry-After", strconv.Itoa(rl.RetryAfterSeconds))
			f.Notice = "Too many attempts from your network. Try again in " + strconv.Itoa(rl.RetryAfterSeconds) + " seconds."
			w.renderSetup(rw, r, f, http.StatusTooManyRequests)
		default:
			w.fail(rw, r, err)
		}
		return
	}
	if secret != "" {
		w.Resolver.SetSession(rw, secret, 30*24*3600)
	}
	http.Redirect(rw, r, "/admin?welcome=1", http.StatusSeeOther)
}

type legalData struct {
	Heading string
	HTML    string
	Contact string
	Empty   bool
}

// legalPage serves one of the editable pages (About, Guidelines, Terms,
// Privacy); they are readable on a private forum too.
func (w *Web) legalPage(key, title string) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		site := w.Service.Site()
		d := &legalData{Heading: title, HTML: site.Pages[key], Empty: strings.TrimSpace(site.Values[key]) == ""}
		if key == "page_about" {
			d.Contact = site.ContactEmail
			if d.Empty && site.DescriptionHTML != "" {
				d.HTML, d.Empty = site.DescriptionHTML, false
			}
		}
		var path string
		for _, p := range forum.LegalPages {
			if p.Key == key {
				path = p.Path
			}
		}
		w.render(rw, r, "legal", &page{Title: title, Canonical: w.BaseURL + path, Data: d})
	}
}

func depSite(*http.Request) []string { return []string{"site"} }

// publicOnPrivate lists what a signed-out visitor may still reach on a
// private forum: signing in and up, the legal pages, static files,
// health checks and the API description.
func publicOnPrivate(r *http.Request) bool {
	p := r.URL.Path
	switch p {
	case "/signin", "/signup", "/signout", "/setup", "/about", "/guidelines", "/tos", "/privacy",
		"/favicon.ico", "/robots.txt", "/healthz", "/readyz", "/metrics", "/api/openapi.json":
		return true
	}
	return strings.HasPrefix(p, "/static/")
}

// isFeedPath reports the RSS and Atom feeds, which a feed token opens.
func isFeedPath(p string) bool { return strings.HasSuffix(p, ".rss") || strings.HasSuffix(p, ".atom") }

// Gate makes a private (login-required) forum private: signed-out
// requests for anything but publicOnPrivate are sent to sign in (pages)
// or answered 401 (the API, JSON twins, feeds without a valid feed token,
// search, sitemap). A public forum passes everything through.
func (w *Web) Gate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.Service.Policy().LoginRequired || identity.From(r.Context()).User != nil || publicOnPrivate(r) {
			next.ServeHTTP(rw, r)
			return
		}
		if r.URL.Path == "/" && w.Service.NeedsSetup() {
			next.ServeHTTP(rw, r)
			return
		}
		if isFeedPath(r.URL.Path) && r.Method == http.MethodGet {
			if tok := r.URL.Query().Get("feed_token"); tok != "" {
				if _, err := w.Service.FeedTokenUser(r.Context(), tok); err == nil {
					// Feeds are the same for every reader; the token only
					// opens them. It is kept out of the page cache's key
					// space by being part of the URL.
					rw.Header().Set("Cache-Control", "private, no-store")
					next.ServeHTTP(rw, r)
					return
				} else if !errors.Is(err, forum.ErrNotFound) {
					w.fail(rw, r, err)
					return
				}
			}
		}
		rw.Header().Set("Cache-Control", "no-store")
		rw.Header().Add("Vary", "Cookie")
		p := r.URL.Path
		_, format := splitFormat(r, p)
		switch {
		case strings.HasPrefix(p, "/api/") || format == "json":
			w.API.Fail(rw, r, forum.ErrUnauthorized)
		case format != "" || p == "/sitemap.xml" || p == "/opensearch.xml" || r.Method != http.MethodGet && r.Method != http.MethodHead:
			rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
			rw.WriteHeader(http.StatusUnauthorized)
			_, _ = rw.Write([]byte("This forum is private: sign in, or use the feed link on your account page.\n"))
		default:
			signInRedirect(rw, r)
		}
	})
}

// feedTokenCreate makes a new feed link for the signed-in member and
// shows it once on the account page.
func (w *Web) feedTokenCreate(rw http.ResponseWriter, r *http.Request) {
	me, ok := w.authorize(rw, r)
	if !ok {
		return
	}
	secret, err := w.Service.ResetFeedToken(r.Context(), me)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.renderAccount(rw, r, &accountData{NewFeedToken: secret,
		Flash: "Your feed link was created; any earlier one stopped working."}, http.StatusOK)
}
