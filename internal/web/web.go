package web

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/parley-forum/parley/internal/api"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/pagecache"
)

// Deps is what the HTML surface needs from the composition root.
type Deps struct {
	Service  *forum.Service
	Views    *forum.ViewCounter
	API      *api.API
	Resolver *identity.Resolver
	BaseURL  string
	Logger   *slog.Logger
	ClientIP func(*http.Request) string
	Ready    func(ctx context.Context) error
	BusReady func() error // the live-update bus, for /readyz?bus=1
	Now      func() time.Time
	Cache    *pagecache.Cache // nil disables caching of anonymous pages
	// PublicRevisions shows the revisions of edited posts to signed-out
	// visitors; otherwise they are asked to sign in.
	PublicRevisions bool
}

// diffCacheBytes bounds the memory of cached revision diffs.
const diffCacheBytes = 16 << 20

// Web serves the HTML pages and feeds.
type Web struct {
	Deps
	tmpl      map[string]*template.Template
	static    *staticFiles
	started   time.Time
	flights   renderFlights
	overlay   *overlay      // markers of shared signed-in renderings
	composers composerCache // empty reply forms, by thread and state
	diffs     *diffCache    // revision diffs by pair of versions
	mux       *http.ServeMux
	help      struct { // the search help page, rendered on first use
		once sync.Once
		html string
		err  error
	}
}

// New parses the embedded templates (failing fast on a typo) and hashes
// the static assets.
func New(d Deps) (*Web, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.ClientIP == nil {
		d.ClientIP = remoteIP
	}
	st, err := loadStatic(d.Service.Renderer())
	if err != nil {
		return nil, err
	}
	w := &Web{Deps: d, static: st, started: d.Now(), diffs: newDiffCache(diffCacheBytes), overlay: newOverlay()}
	if w.tmpl, err = parseTemplates(w.funcs()); err != nil {
		return nil, err
	}
	return w, nil
}

// Routes registers every HTML route on mux.
func (w *Web) Routes(mux *http.ServeMux) {
	w.mux = mux
	// Signed-in pages: shared rendering per role plus each reader's overlay (overlay.go).
	mux.HandleFunc("GET /{$}", w.setupFirst(w.cachedShared(depHome, w.home)))
	mux.HandleFunc("GET /latest", w.cachedShared(depLatest, w.latest))
	for _, f := range []string{"json", "rss", "atom"} {
		mux.HandleFunc("GET /latest."+f, w.cached(depLatest, w.latest))
	}
	for _, path := range []string{"/search", "/search.json", "/search.rss", "/search.atom"} {
		mux.HandleFunc("GET "+path, w.search)
	}
	mux.HandleFunc("GET /search/help", w.searchHelp)
	mux.HandleFunc("GET /opensearch.xml", w.openSearch)
	mux.HandleFunc("GET /c/{subtopic}", w.cachedShared(depSubtopic, w.subtopic))
	mux.HandleFunc("GET /tags/{tag}", w.cachedShared(depTag, w.tag))
	mux.HandleFunc("GET /u/{username}", w.cached(depUser, w.user))
	mux.HandleFunc("GET /t/{slug}/{id}", w.countViews(w.cachedShared(depThread, w.thread)))
	mux.HandleFunc("GET /t/{id}", w.threadShortLink)
	mux.HandleFunc("GET /p/{id}/revisions", w.cached(depRevisions, w.revisions))
	mux.HandleFunc("GET /p/{id}/revisions.json", w.cached(depRevisions, w.revisions))
	mux.HandleFunc("POST /p/{id}/revisions/{number}/redact", w.revisionRedactSubmit)
	mux.HandleFunc("POST /p/{id}/revisions/{number}/hide", w.revisionHideSubmit)
	mux.HandleFunc("GET /new", w.newThreadForm)
	mux.HandleFunc("POST /new", w.newThreadSubmit)
	mux.HandleFunc("POST /t/{slug}/{id}/reply", w.replySubmit)
	mux.HandleFunc("GET /p/{id}/edit", w.editForm)
	mux.HandleFunc("POST /p/{id}/edit", w.editSubmit)
	// Soft delete: POST /p/{id}/delete without confirm=1 answers the
	// confirmation page; staff restore and purge from the thread and
	// /admin/deleted.
	mux.HandleFunc("POST /p/{id}/delete", w.deleteSubmit)
	mux.HandleFunc("POST /p/{id}/restore", w.restoreSubmit)
	mux.HandleFunc("POST /p/{id}/purge", w.purgeSubmit)
	mux.HandleFunc("GET /admin/deleted", w.adminDeleted)
	mux.HandleFunc("POST /p/{id}/boost", w.boostSubmit)
	mux.HandleFunc("POST /p/{id}/recommend", w.recommendSubmit)
	mux.HandleFunc("POST /t/{id}/accept", w.acceptSubmit)
	// Drafts: discarding one from a composer's "resume draft" offer (drafts.go).
	mux.HandleFunc("POST /drafts/{key}/discard", w.draftDiscard)
	// Account recovery by email: forgotten passwords (mail.go) and the
	// email outbox for administrators (admin_email.go).
	mux.HandleFunc("GET /forgot", w.forgotForm)
	mux.HandleFunc("POST /forgot", w.forgotSubmit)
	mux.HandleFunc("GET /reset/{token}", w.resetForm)
	mux.HandleFunc("POST /reset/{token}", w.resetSubmit)
	mux.HandleFunc("GET /admin/email", w.adminEmail)
	mux.HandleFunc("GET /verify/{token}", w.verifyEmail)
	mux.HandleFunc("GET /confirm-email/{token}", w.confirmEmailChange)
	mux.HandleFunc("POST /account/verify", w.resendVerification)
	mux.HandleFunc("POST /account/email", w.changeEmailSubmit)
	mux.HandleFunc("GET /signin", w.signInForm)
	mux.HandleFunc("POST /signin", w.signInSubmit)
	mux.HandleFunc("GET /signup", w.signUpForm)
	mux.HandleFunc("POST /signup", w.signUpSubmit)
	mux.HandleFunc("POST /signout", w.signOut)
	mux.HandleFunc("GET /account", w.account)
	mux.HandleFunc("POST /account/password", w.passwordSubmit)
	mux.HandleFunc("POST /account/sessions/{id}/revoke", w.revokeSession)
	mux.HandleFunc("POST /account/tokens", w.tokenCreate)
	mux.HandleFunc("POST /account/tokens/{id}/revoke", w.tokenRevoke)
	// First run, the legal pages, the admin area (settings, audit log)
	// and feed links.
	mux.HandleFunc("POST /setup", w.setupSubmit)
	for _, p := range forum.LegalPages {
		mux.HandleFunc("GET "+p.Path, w.cached(depSite, w.legalPage(p.Key, p.Title)))
	}
	mux.HandleFunc("GET /admin", w.adminHome)
	mux.HandleFunc("GET /admin/settings", w.adminSettings)
	mux.HandleFunc("POST /admin/settings", w.adminSettingsSubmit)
	mux.HandleFunc("GET /admin/log", w.adminLog)
	mux.HandleFunc("GET /admin/log.json", w.adminLog)
	mux.HandleFunc("GET /admin/log.csv", w.adminLog)
	mux.HandleFunc("POST /account/feed-token", w.feedTokenCreate)
	// People: account administration, invitations, the account's data
	// and deletion.
	mux.HandleFunc("GET /admin/users", w.adminUsers)
	mux.HandleFunc("GET /admin/users/{name}", w.adminUserPage)
	mux.HandleFunc("POST /admin/users/{name}/role", w.roleSubmit)
	mux.HandleFunc("POST /admin/users/{name}/suspend", w.suspendSubmit)
	mux.HandleFunc("POST /admin/users/{name}/unsuspend", w.unsuspendSubmit)
	mux.HandleFunc("POST /admin/users/{name}/approve", w.approveSubmit)
	mux.HandleFunc("POST /admin/users/{name}/reject", w.rejectSubmit)
	mux.HandleFunc("POST /admin/users/{name}/delete", w.deleteUserSubmit)
	mux.HandleFunc("GET /admin/invites", w.adminInvites)
	mux.HandleFunc("POST /admin/invites", w.inviteCreate)
	mux.HandleFunc("POST /admin/invites/{id}/revoke", w.inviteRevoke)
	mux.HandleFunc("GET /account/data", w.myData)
	mux.HandleFunc("POST /account/delete", w.deleteOwnAccount)
	mux.HandleFunc("POST /account/profile", w.profileSubmit)
	// Taxonomy administration, the tag index and staff thread controls.
	mux.HandleFunc("GET /tags", w.cached(depTags, w.tagsIndex))
	mux.HandleFunc("GET /tags.json", w.cached(depTags, w.tagsIndex))
	mux.HandleFunc("GET /admin/topics", w.adminTopics)
	mux.HandleFunc("POST /admin/topics", w.adminTopicCreate)
	mux.HandleFunc("GET /admin/topics/{id}", w.adminTopicForm)
	mux.HandleFunc("POST /admin/topics/{id}", w.adminTopicSubmit)
	mux.HandleFunc("POST /admin/subtopics", w.adminSubtopicCreate)
	mux.HandleFunc("GET /admin/subtopics/{id}", w.adminSubtopicForm)
	mux.HandleFunc("POST /admin/subtopics/{id}", w.adminSubtopicSubmit)
	mux.HandleFunc("POST /admin/subtopics/{id}/delete", w.adminSubtopicDelete)
	mux.HandleFunc("GET /admin/tags", w.adminTags)
	mux.HandleFunc("POST /admin/tags", w.adminTagCreate)
	mux.HandleFunc("GET /admin/tags/{name}", w.adminTagForm)
	mux.HandleFunc("POST /admin/tags/{name}", w.adminTagSubmit)
	mux.HandleFunc("POST /admin/tags/{name}/merge", w.adminTagMerge)
	mux.HandleFunc("POST /admin/tags/{name}/delete", w.adminTagDelete)
	mux.HandleFunc("POST /t/{id}/control", w.threadControlSubmit)

	mux.HandleFunc("GET /static/{file}", w.staticFile)
	mux.HandleFunc("GET /favicon.ico", w.favicon)
	mux.HandleFunc("GET /robots.txt", w.robots)
	mux.HandleFunc("GET /sitemap.xml", w.sitemap)
	mux.HandleFunc("GET /healthz", w.healthz)
	mux.HandleFunc("GET /readyz", w.readyz)
	// Links: a post's permalink, and the canonical spelling of list URLs.
	mux.HandleFunc("GET /p/{id}", w.permalink)
	mux.HandleFunc("/", w.notFound)
}

func (w *Web) notFound(rw http.ResponseWriter, r *http.Request) {
	if w.trailingSlash(rw, r) {
		return
	}
	w.fail(rw, r, forum.ErrNotFound)
}

func (w *Web) healthz(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	_, _ = rw.Write([]byte("ok\n"))
}

func (w *Web) readyz(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if w.Ready != nil {
		if err := w.Ready(ctx); err != nil {
			w.Logger.Warn("not ready", "err", err)
			rw.WriteHeader(http.StatusServiceUnavailable)
			_, _ = rw.Write([]byte("unavailable: " + readyReason(err) + "\n"))
			return
		}
	}
	// The bus only carries live updates, so it is left out unless asked
	// for: a load balancer must not drop every node while it is down.
	if r.URL.Query().Get("bus") == "1" && w.BusReady != nil {
		if err := w.BusReady(); err != nil {
			rw.WriteHeader(http.StatusServiceUnavailable)
			_, _ = rw.Write([]byte("unavailable: " + readyReason(err) + "\n"))
			return
		}
	}
	_, _ = rw.Write([]byte("ready\n"))
}

func readyReason(err error) string {
	// A dependency other than the database (the event bus) names itself.
	var named interface{ ReadyReason() string }
	if errors.As(err, &named) {
		return named.ReadyReason()
	}
	if errors.Is(err, forum.ErrUnavailable) {
		return "database unreachable"
	}
	return "database not answering"
}
