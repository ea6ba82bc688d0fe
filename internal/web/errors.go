package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/httpx"
)

type errorData struct {
	Heading string
	Message string
	Fields  map[string]string
	SignIn  bool
	Next    string // where signing in leads back to
}

// fail is the one place errors become HTML responses. Bad input is a
// 4xx with a message; only unexpected errors are logged as 500s, and
// their details never reach the page.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, err error) {
	d := &errorData{}
	status := http.StatusInternalServerError
	var ve *forum.ValidationError
	var rl *forum.RateLimitError
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, forum.ErrNotFound):
		status, d.Heading, d.Message = http.StatusNotFound, "Page not found", "There is nothing at this address. It may have been deleted, or the link may be mistyped."
	case errors.As(err, &ve):
		status, d.Heading, d.Message, d.Fields = http.StatusBadRequest, "That request was not understood", "Some parameters are not valid:", ve.Fields
	case errors.Is(err, forum.ErrUnauthorized):
		status, d.Heading, d.Message, d.SignIn = http.StatusUnauthorized, "Sign in required", "You need to sign in to do that.", true
		if r.Method == http.MethodGet {
			d.Next = r.URL.RequestURI()
		} else {
			d.Next = refererPath(r)
		}
	case errors.Is(err, errCSRF):
		status, d.Heading, d.Message = http.StatusForbidden, "This form has expired", "The form was missing its security token or it no longer matches your session. Go back, reload the page and try again."
	case errors.Is(err, forum.ErrForbidden):
		status, d.Heading, d.Message = http.StatusForbidden, "Not allowed", forbiddenMessage(err)
	case errors.As(err, &rl):
		status, d.Heading = http.StatusTooManyRequests, "Slow down"
		d.Message = "You are doing that too often. Try again in " + strconv.Itoa(rl.RetryAfterSeconds) + " seconds."
		rw.Header().Set("Retry-After", strconv.Itoa(rl.RetryAfterSeconds))
	case errors.As(err, &mbe):
		status, d.Heading, d.Message = http.StatusRequestEntityTooLarge, "Too large", "That request is larger than this forum accepts."
	case errors.Is(err, forum.ErrConflict):
		status, d.Heading, d.Message = http.StatusConflict, "Conflict", "That conflicts with something that already exists."
	case errors.Is(err, forum.ErrUnavailable):
		status, d.Heading, d.Message = http.StatusServiceUnavailable, "Temporarily unavailable", "The forum cannot reach its database right now. Please try again in a moment."
		rw.Header().Set("Retry-After", "5")
	case isTimeout(err):
		// The body arrived too slowly (the server's read timeout): the
		// client's connection, not ours; worth a line, not an alert.
		w.Logger.Info("request body timed out", "method", r.Method, "path", r.URL.Path, "err", err)
		status, d.Heading, d.Message = http.StatusRequestTimeout, "Request timed out", "The request took too long to arrive. Please try again."
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The visitor went away mid-request; nobody reads this page.
		w.Logger.Debug("request canceled", "method", r.Method, "path", r.URL.Path)
		status, d.Heading, d.Message = http.StatusServiceUnavailable, "Canceled", "The request was canceled."
	default:
		w.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		d.Heading, d.Message = "Something went wrong", "The forum hit an unexpected error. It has been logged."
	}
	rw.Header().Set("Cache-Control", "no-store")
	w.render(rw, r, "error", &page{Title: d.Heading, Status: status, NoIndex: true, Data: d})
}

var errCSRF = errors.New("csrf token invalid")

// isTimeout reports a read that hit a deadline, such as a request body
// still arriving when the server's read timeout passed.
func isTimeout(err error) bool { return httpx.IsReadTimeout(err) }

// formError is what a failed r.ParseForm becomes: too large (413) and too
// slow (408) keep their cause, anything else is a form we cannot read
// (400). None of them is the server's fault.
func formError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || isTimeout(err) {
		return err
	}
	return forum.Invalid("form", "could not be read")
}

func forbiddenMessage(err error) string {
	if reason := forum.ForbiddenReason(err); reason != "" {
		return reason
	}
	return "You do not have permission to do that."
}

// signInRedirect sends a signed-out visitor to sign in and back.
func signInRedirect(rw http.ResponseWriter, r *http.Request) {
	http.Redirect(rw, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// pathID parses a positive integer path value; anything else is "not found".
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, forum.ErrNotFound
	}
	return id, nil
}

// refererPath is the same-site page a form was posted from, for signing
// in and returning there, or "".
func refererPath(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host {
		return ""
	}
	target, ok := localTarget(u.RequestURI())
	if !ok {
		return ""
	}
	return target
}
