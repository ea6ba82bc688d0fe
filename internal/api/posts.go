package api

import (
	"context"
	"net/http"

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

// deletePost handles DELETE /api/posts/{id}.
func (a *API) deletePost(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.svc.DeletePost(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// postRevisions handles GET /api/posts/{id}/revisions.
func (a *API) postRevisions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return a.revisions(w, r, id)
}

func (a *API) revisions(w http.ResponseWriter, r *http.Request, postID int64) error {
	if !a.PublicRevisions && identity.From(r.Context()).User == nil {
		return forum.ErrUnauthorized
	}
	p, t, revs, err := a.svc.Revisions(r.Context(), postID)
	if err != nil {
		return err
	}
	out := RevisionsDTO{Post: a.post(p, t.Slug), Thread: a.thread(t), Revisions: make([]RevisionDTO, 0, len(revs))}
	for i := range revs {
		out.Revisions = append(out.Revisions, a.revision(&revs[i], p.Number == 1))
	}
	return a.ok(w, r, http.StatusOK, out)
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
