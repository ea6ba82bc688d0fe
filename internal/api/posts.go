package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// loadPost reads a live post with the slug of its thread, which its URL
// needs.
func (a *API) loadPost(ctx context.Context, id int64) (PostDTO, error) {
	p, err := a.svc.Post(ctx, id)
	if err != nil {
		return PostDTO{}, err
	}
	t, err := a.svc.Thread(ctx, p.ThreadID)
	if err != nil {
		return PostDTO{}, err
	}
	return a.post(p, t.Slug), nil
}

// getPost handles GET /api/posts/{id}.
func (a *API) getPost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := a.loadPost(r.Context(), id)
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, p)
}

// editPost handles PATCH /api/posts/{id}.
func (a *API) editPost(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var req editRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	// The thread comes back with the edit: a new title means a new slug.
	p, t, err := a.svc.Edit(r.Context(), u, id, forum.EditInput{Title: req.Title, Body: req.Body, Redact: req.Redact})
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, a.post(p, t.Slug))
}

// postRevisions handles GET /api/posts/{id}/revisions.
func (a *API) postRevisions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return a.revisions(w, r, id)
}

// revisions answers one page of a post's history (?page=N, from 1; page 1
// holds the newest versions, like the HTML page), oldest first within the
// page, so no answer carries more than forum.RevisionsPerPage versions.
func (a *API) revisions(w http.ResponseWriter, r *http.Request, postID int64) error {
	if !a.PublicRevisions && identity.From(r.Context()).User == nil {
		return forum.ErrUnauthorized
	}
	page := 1
	if s := r.URL.Query().Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return forum.Invalid("page", "must be a positive whole number")
		}
		page = n
	}
	rp, err := a.svc.RevisionPage(r.Context(), postID, page)
	if err != nil {
		return err
	}
	p, t := rp.Post, rp.Thread
	out := RevisionsDTO{Post: a.post(p, t.Slug), Thread: a.thread(t), Revisions: make([]RevisionDTO, 0, len(rp.Revisions)),
		Total: rp.Total, Page: rp.Page, Pages: rp.Pages}
	for i := range rp.Revisions {
		out.Revisions = append(out.Revisions, a.revision(&rp.Revisions[i], p.Number == 1))
	}
	pageURL := func(n int) *string {
		u := a.revisionsURL(r, postID) + "?page=" + strconv.Itoa(n)
		return &u
	}
	if rp.Page > 1 {
		out.PrevURL = pageURL(rp.Page - 1)
	}
	if rp.Page < rp.Pages {
		out.NextURL = pageURL(rp.Page + 1)
	}
	return a.ok(w, r, http.StatusOK, out)
}

// revisionsURL is where the JSON of a post's history is read: the API
// route, or the page twin by suffix, so a next link works without Accept.
func (a *API) revisionsURL(r *http.Request, postID int64) string {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		return a.baseURL + "/api/posts/" + strconv.FormatInt(postID, 10) + "/revisions"
	}
	return a.baseURL + "/p/" + strconv.FormatInt(postID, 10) + "/revisions.json"
}

// boost handles PUT (on) and DELETE (off) /api/posts/{id}/boost. Both are
// idempotent: the answer is the state after the call.
func (a *API) boost(on bool) userHandler {
	return func(w http.ResponseWriter, r *http.Request, u *forum.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		n, err := a.svc.Boost(r.Context(), u, id, on)
		if err != nil {
			return err
		}
		return a.ok(w, r, http.StatusOK, BoostDTO{PostID: id, Boosts: n, Boosted: on})
	}
}

// recommend handles PUT (on) and DELETE (off) /api/posts/{id}/recommended.
func (a *API) recommend(on bool) userHandler {
	return func(w http.ResponseWriter, r *http.Request, u *forum.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		p, t, err := a.svc.RecommendPost(r.Context(), u, id, on)
		if err != nil {
			return err
		}
		return a.ok(w, r, http.StatusOK, a.post(p, t.Slug))
	}
}
