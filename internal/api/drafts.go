package api

import (
	"net/http"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// DraftDTO is a composer's unsent text.
type DraftDTO struct {
	Key       string `json:"key"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	UpdatedAt string `json:"updated_at"`
}

// SavedDraftDTO answers a save: the draft kept, and whether it is the
// one sent (false when another tab or device saved text typed later).
type SavedDraftDTO struct {
	DraftDTO
	Saved bool `json:"saved"`
}

// DraftsDTO lists drafts, most recently typed first.
type DraftsDTO struct {
	Drafts []DraftDTO `json:"drafts"`
}

type draftRequest struct {
	Title   string `json:"title"`
	Body    string `json:"body"`
	TypedAt string `json:"typed_at"`
}

func draft(d *forum.Draft) DraftDTO {
	return DraftDTO{Key: d.Key, Title: d.Title, Body: d.Body, UpdatedAt: stamp(d.UpdatedAt)}
}

// listDrafts handles GET /api/drafts.
func (a *API) listDrafts(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	ds, err := a.svc.Drafts(r.Context(), u)
	if err != nil {
		return err
	}
	out := DraftsDTO{Drafts: make([]DraftDTO, 0, len(ds))}
	for i := range ds {
		out.Drafts = append(out.Drafts, draft(&ds[i]))
	}
	return a.ok(w, r, http.StatusOK, out)
}

// getDraft handles GET /api/drafts/{key}.
func (a *API) getDraft(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	d, err := a.svc.Draft(r.Context(), u, r.PathValue("key"))
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, draft(d))
}

// saveDraft handles PUT /api/drafts/{key}.
func (a *API) saveDraft(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req draftRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	in := forum.DraftInput{Title: req.Title, Body: req.Body}
	if req.TypedAt != "" {
		at, err := time.Parse(time.RFC3339Nano, req.TypedAt)
		if err != nil {
			return forum.Invalid("typed_at", "must be an RFC 3339 time")
		}
		in.TypedAt = at
	}
	d, saved, err := a.svc.SaveDraft(r.Context(), u, r.PathValue("key"), in)
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, SavedDraftDTO{DraftDTO: draft(d), Saved: saved})
}

// deleteDraft handles DELETE /api/drafts/{key}.
func (a *API) deleteDraft(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	if err := a.svc.DeleteDraft(r.Context(), u, r.PathValue("key")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
