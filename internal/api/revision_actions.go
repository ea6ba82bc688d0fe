package api

import (
	"net/http"

	"github.com/parley-forum/parley/internal/forum"
)

// revisionNumber reads the {number} path segment: a positive decimal, else
// 404 like any other id.
func revisionNumber(r *http.Request) (int, error) {
	if n, ok := parseID(r.PathValue("number")); ok && n <= 1<<30 {
		return int(n), nil
	}
	return 0, &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such revision"}
}

// redactRevision handles POST /api/posts/{id}/revisions/{number}/redact:
// staff apply the private-data redaction to one earlier version. The
// answer is the post's history after the change.
func (a *API) redactRevision(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n, err := revisionNumber(r)
	if err != nil {
		return err
	}
	if _, err := a.svc.RedactRevision(r.Context(), u, id, n); err != nil {
		return err
	}
	return a.revisions(w, r, id)
}

// hideRevision handles PUT (hide) and DELETE (show) on
// /api/posts/{id}/revisions/{number}/hidden.
func (a *API) hideRevision(hidden bool) userHandler {
	return func(w http.ResponseWriter, r *http.Request, u *forum.User) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		n, err := revisionNumber(r)
		if err != nil {
			return err
		}
		if err := a.svc.HideRevision(r.Context(), u, id, n, hidden); err != nil {
			return err
		}
		return a.revisions(w, r, id)
	}
}
