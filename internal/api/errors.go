package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/httpx"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/markup"
)

// Error codes. They are part of the API contract: clients branch on them,
// so they never change once published.
const (
	CodeBadRequest           = "bad_request"
	CodeUnauthorized         = "unauthorized"
	CodeInvalidToken         = "invalid_token"
	CodeForbidden            = "forbidden"
	CodeCSRF                 = "csrf"
	CodeNotFound             = "not_found"
	CodeMethodNotAllowed     = "method_not_allowed"
	CodeConflict             = "conflict"
	CodeTooLarge             = "too_large"
	CodeRequestTimeout       = "request_timeout"
	CodeUnsupportedMediaType = "unsupported_media_type"
	CodeInvalid              = "invalid"
	CodeRateLimited          = "rate_limited"
	CodeInternal             = "internal"
	CodeUnavailable          = "unavailable"
)

// Error is a failure already expressed in the API's terms.
type Error struct {
	Status  int
	Code    string
	Message string
	Fields  map[string]string

	retryAfter int // seconds, sent as Retry-After when set
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Failures raised by the API layer itself, mapped in fail.
var (
	errInvalidToken = errors.New("api token unknown or revoked")
	errCSRF         = errors.New("missing or invalid CSRF token")
)

// badRequest reports a request the API cannot read at all.
func badRequest(field, message string) *Error {
	e := &Error{Status: http.StatusBadRequest, Code: CodeBadRequest, Message: message}
	if field != "" {
		e.Fields = map[string]string{field: message}
	}
	return e
}

// fail is the one place an error becomes a response. Messages of
// unexpected errors are logged, never sent: they can name tables, files or
// addresses.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := a.classify(r, err)
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	switch e.Code {
	case CodeUnauthorized:
		h.Set("WWW-Authenticate", `Bearer realm="parley"`)
	case CodeInvalidToken:
		h.Set("WWW-Authenticate", `Bearer realm="parley", error="invalid_token"`)
	}
	if e.retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(e.retryAfter))
	}
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	body := errorBody{Error: errorDTO{Code: e.Code, Message: e.Message, Fields: e.Fields}}
	a.send(w, r, e.Status, body)
}

func (a *API) classify(r *http.Request, err error) *Error {
	if le := identity.From(r.Context()).LookupErr; le != nil && errors.Is(err, forum.ErrUnauthorized) {
		// The token could not be checked (the database is down): the
		// honest answer is 503, not "send a token".
		err = le
	}
	var (
		apiErr  *Error
		tooBig  *http.MaxBytesError
		invalid *forum.ValidationError
		limited *forum.RateLimitError
	)
	switch {
	case errors.As(err, &apiErr):
		return apiErr
	case errors.As(err, &tooBig), errors.Is(err, markup.ErrTooLarge):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: CodeTooLarge, Message: "the request body is too large"}
	case errors.As(err, &invalid):
		return &Error{Status: http.StatusUnprocessableEntity, Code: CodeInvalid, Message: "some fields are invalid", Fields: invalid.Fields}
	case errors.As(err, &limited):
		return a.rateLimited(r, limited)
	case errors.Is(err, errInvalidToken),
		errors.Is(err, forum.ErrUnauthorized) && identity.From(r.Context()).BadToken:
		return &Error{Status: http.StatusUnauthorized, Code: CodeInvalidToken, Message: "the API token is unknown or has been revoked"}
	case errors.Is(err, forum.ErrUnauthorized), errors.Is(err, forum.ErrBadCredentials):
		return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Message: "sign in or send an API token"}
	case errors.Is(err, errCSRF):
		return &Error{Status: http.StatusForbidden, Code: CodeCSRF, Message: "send the page's CSRF token in the X-CSRF-Token header"}
	case errors.Is(err, forum.ErrForbidden):
		return &Error{Status: http.StatusForbidden, Code: CodeForbidden, Message: forbiddenMessage(err)}
	case errors.Is(err, forum.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such resource"}
	case errors.Is(err, forum.ErrConflict):
		return &Error{Status: http.StatusConflict, Code: CodeConflict, Message: "the request conflicts with the current state"}
	case errors.Is(err, forum.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		a.log.Warn("api unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable, Message: "the service is temporarily unavailable; try again shortly", retryAfter: 5}
	case httpx.IsReadTimeout(err):
		// The body arrived too slowly (the server's read timeout;
		// context deadlines matched above as 503): the
		// client's connection, not ours; worth a line, not an alert.
		a.log.Info("api request body timed out", "method", r.Method, "path", r.URL.Path, "err", err)
		return &Error{Status: http.StatusRequestTimeout, Code: CodeRequestTimeout, Message: "the request body arrived too slowly; send it again"}
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this response.
		a.log.Debug("api request canceled", "method", r.Method, "path", r.URL.Path)
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable, Message: "the request was canceled"}
	}
	a.log.Error("api internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "something went wrong on our side"}
}

func (a *API) rateLimited(r *http.Request, e *forum.RateLimitError) *Error {
	secs := max(e.RetryAfterSeconds, 1)
	return &Error{Status: http.StatusTooManyRequests, Code: CodeRateLimited,
		Message: "too many requests; retry after " + strconv.Itoa(secs) + " seconds",
		Fields:  map[string]string{}, retryAfter: secs}
}

// forbiddenMessage keeps the Service's explanation ("only the author or a
// moderator may edit this post"), which is written for users.
func forbiddenMessage(err error) string {
	if reason := forum.ForbiddenReason(err); reason != "" {
		return reason
	}
	return "you may not do that"
}
