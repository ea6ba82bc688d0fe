package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/parley-forum/parley/internal/forum"
)

// deletePost handles DELETE /api/posts/{id}[?confirm=true]. Every delete
// is soft (see forum.Service.Delete) and undone by POST
// /api/posts/{id}/restore (moderators); a moderator deleting a whole thread
// with others' replies must send confirm=true, else 409 naming how many
// replies would go.
func (a *API) deletePost(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	confirmed := false
	switch c := r.URL.Query().Get("confirm"); c {
	case "", "false":
	case "true":
		confirmed = true
	default:
		return badRequest("confirm", "must be true or false")
	}
	_, err = a.svc.Delete(r.Context(), u, forum.DeleteRequest{PostID: id, IP: a.clientIP(r), Confirmed: confirmed})
	var confirm *forum.ConfirmError
	if errors.As(err, &confirm) {
		msg := "the thread has " + strconv.Itoa(confirm.Replies) + " replies by others; send confirm=true to delete them all"
		return &Error{Status: http.StatusConflict, Code: CodeConflict, Message: msg, Fields: map[string]string{"confirm": msg}}
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// restorePost handles POST /api/posts/{id}/restore.
func (a *API) restorePost(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t, err := a.svc.RestorePost(r.Context(), u, a.clientIP(r), id)
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, map[string]any{"post_id": id, "thread_id": t.ID,
		"url": a.baseURL + forum.ThreadPath(t.Slug, t.ID)})
}

// purgePost handles POST /api/posts/{id}/purge.
func (a *API) purgePost(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.svc.PurgePost(r.Context(), u, a.clientIP(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type deletedPostJSON struct {
	PostID      int64      `json:"post_id"`
	ThreadID    int64      `json:"thread_id"`
	Number      int        `json:"number"`
	ThreadTitle string     `json:"thread_title"`
	Author      string     `json:"author"`
	Excerpt     string     `json:"excerpt"`
	DeletedBy   string     `json:"deleted_by,omitempty"`
	DeletedAt   *time.Time `json:"deleted_at,omitempty"`
}

// deletedPosts handles GET /api/admin/deleted.
func (a *API) deletedPosts(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	posts, err := a.svc.DeletedPosts(r.Context(), u, forum.MaxPageSize)
	if err != nil {
		return err
	}
	out := []deletedPostJSON{}
	for _, p := range posts {
		j := deletedPostJSON{PostID: p.PostID, ThreadID: p.ThreadID, Number: p.Number, ThreadTitle: p.ThreadTitle,
			Author: p.AuthorName, Excerpt: p.Excerpt, DeletedBy: p.DeletedBy}
		if !p.DeletedAt.IsZero() {
			at := p.DeletedAt.UTC()
			j.DeletedAt = &at
		}
		out = append(out, j)
	}
	return a.ok(w, r, http.StatusOK, map[string]any{"deleted": out})
}
