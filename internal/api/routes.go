package api

import (
	"net/http"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// Routes registers every /api/ route on mux. The JSON twins of pages are
// not registered here: internal/web calls them from its own routes.
func (a *API) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/openapi.json", a.openAPI)

	mux.HandleFunc("POST /api/threads", a.write(a.createThread))
	mux.HandleFunc("POST /api/threads/{id}/replies", a.write(a.createReply))
	mux.HandleFunc("PUT /api/threads/{id}/accepted", a.write(a.setAccepted))

	mux.HandleFunc("GET /api/posts/{id}", a.read(a.getPost))
	mux.HandleFunc("PATCH /api/posts/{id}", a.write(a.editPost))
	mux.HandleFunc("DELETE /api/posts/{id}", a.write(a.deletePost))
	// Soft delete: restoring, purging and listing deleted posts (softdelete.go).
	mux.HandleFunc("POST /api/posts/{id}/restore", a.write(a.restorePost))
	mux.HandleFunc("POST /api/posts/{id}/purge", a.write(a.purgePost))
	mux.HandleFunc("GET /api/admin/deleted", a.adminRead(a.deletedPosts))
	mux.HandleFunc("GET /api/posts/{id}/revisions", a.read(a.postRevisions))
	mux.HandleFunc("POST /api/posts/{id}/revisions/{number}/redact", a.write(a.redactRevision))
	mux.HandleFunc("PUT /api/posts/{id}/revisions/{number}/hidden", a.write(a.hideRevision(true)))
	mux.HandleFunc("DELETE /api/posts/{id}/revisions/{number}/hidden", a.write(a.hideRevision(false)))

	mux.HandleFunc("GET /api/live", a.read(a.liveStream))
	mux.HandleFunc("PUT /api/posts/{id}/boost", a.write(a.boost(true)))
	mux.HandleFunc("DELETE /api/posts/{id}/boost", a.write(a.boost(false)))
	mux.HandleFunc("PUT /api/posts/{id}/recommended", a.write(a.recommend(true)))
	mux.HandleFunc("DELETE /api/posts/{id}/recommended", a.write(a.recommend(false)))

	mux.HandleFunc("POST /api/preview", a.write(a.preview))
	mux.HandleFunc("GET /api/similar", a.read(a.similar))

	mux.HandleFunc("GET /api/me", a.private(a.me))
	mux.HandleFunc("GET /api/tokens", a.private(a.listTokens))
	mux.HandleFunc("POST /api/tokens", a.write(a.createToken))
	mux.HandleFunc("DELETE /api/tokens/{id}", a.write(a.revokeToken))

	// Drafts: a composer's unsent text, per account (drafts.go).
	mux.HandleFunc("GET /api/drafts", a.private(a.listDrafts))
	mux.HandleFunc("GET /api/drafts/{key}", a.private(a.getDraft))
	mux.HandleFunc("PUT /api/drafts/{key}", a.write(a.saveDraft))
	mux.HandleFunc("DELETE /api/drafts/{key}", a.write(a.deleteDraft))
	// Site settings and the audit log.
	mux.HandleFunc("GET /api/admin/settings", a.adminRead(a.getSettings))
	mux.HandleFunc("PUT /api/admin/settings", a.write(a.putSettings))
	mux.HandleFunc("GET /api/admin/log", a.adminRead(a.auditLog))
	// People: account administration and invitations (people.go).
	a.peopleRoutes(mux)
	// Taxonomy administration and staff thread controls.
	mux.HandleFunc("POST /api/topics", a.write(a.createTopic))
	mux.HandleFunc("PATCH /api/topics/{id}", a.write(a.editTopic))
	mux.HandleFunc("POST /api/subtopics", a.write(a.createSubtopic))
	mux.HandleFunc("PATCH /api/subtopics/{id}", a.write(a.editSubtopic))
	mux.HandleFunc("DELETE /api/subtopics/{id}", a.write(a.deleteSubtopic))
	mux.HandleFunc("POST /api/tags", a.write(a.createTag))
	mux.HandleFunc("PATCH /api/tags/{name}", a.write(a.editTag))
	mux.HandleFunc("POST /api/tags/{name}/merge", a.write(a.mergeTag))
	mux.HandleFunc("DELETE /api/tags/{name}", a.write(a.deleteTag))
	mux.HandleFunc("POST /api/threads/{id}/control", a.write(a.controlThread))

	mux.HandleFunc("/api/", a.fallback(mux))
}

// handler is an API handler; a returned error becomes the response.
type handler func(w http.ResponseWriter, r *http.Request) error

// userHandler is a handler that runs only for a signed-in user.
type userHandler func(w http.ResponseWriter, r *http.Request, u *forum.User) error

// read serves a public read. A Bearer token that is unknown or revoked is
// refused rather than silently read as signed out, so scripts learn early
// that their token stopped working.
func (a *API) read(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if identity.From(r.Context()).BadToken {
			a.fail(w, r, errInvalidToken)
			return
		}
		if err := h(w, r); err != nil {
			a.fail(w, r, err)
		}
	}
}

// private serves a read that is about the signed-in user; it is never
// cached.
func (a *API) private(h userHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		u, err := signedIn(r)
		if err == nil {
			err = h(w, r, u)
		}
		if err != nil {
			a.fail(w, r, err)
		}
	}
}

// write serves a state-changing request. The order of checks is part of
// the contract: authentication, then CSRF, then the body, then the
// Service, so a signed-out client always learns first that it must sign in.
func (a *API) write(h userHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		r.Body = http.MaxBytesReader(w, r.Body, a.maxBody())
		u, err := signedIn(r)
		if err == nil && !identity.From(r.Context()).CheckCSRF(r) {
			err = errCSRF
		}
		if err == nil {
			err = h(w, r, u)
		}
		if err != nil {
			a.fail(w, r, err)
		}
	}
}

func signedIn(r *http.Request) (*forum.User, error) {
	id := identity.From(r.Context())
	switch {
	case id.BadToken:
		return nil, errInvalidToken
	case id.User == nil:
		return nil, forum.ErrUnauthorized
	}
	return id.User, nil
}

// fallback answers every /api/ request no route took: 405 with Allow when
// the path exists under other methods, else 404, both as JSON errors.
func (a *API) fallback(mux *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			a.fail(w, r, forum.ErrNotFound)
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		a.fail(w, r, &Error{Status: http.StatusMethodNotAllowed, Code: CodeMethodNotAllowed,
			Message: "this path does not accept " + r.Method})
	}
}
