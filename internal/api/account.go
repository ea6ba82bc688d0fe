package api

import (
	"net/http"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
)

// me handles GET /api/me.
func (a *API) me(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	return a.ok(w, r, http.StatusOK, MeDTO{UserDTO: a.user(u), Email: u.Email})
}

// listTokens handles GET /api/tokens.
func (a *API) listTokens(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	toks, err := a.svc.Tokens(r.Context(), u)
	if err != nil {
		return err
	}
	out := TokensDTO{Tokens: make([]TokenDTO, 0, len(toks))}
	for i := range toks {
		out.Tokens = append(out.Tokens, token(&toks[i]))
	}
	return a.ok(w, r, http.StatusOK, out)
}

// createToken handles POST /api/tokens. The secret is in this response
// and nowhere else: only its hash is stored.
func (a *API) createToken(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req tokenRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	// A Bearer-token request has no session, so it must send the password:
	// a leaked token cannot mint tokens that outlive its revocation.
	t, plain, replayed, err := a.svc.RequestToken(r.Context(), u, forum.TokenInput{Name: req.Name,
		CurrentPassword: req.CurrentPassword, Session: identity.From(r.Context()).Session, Key: idempotencyKey(r)})
	if err != nil {
		return err
	}
	markReplay(w, replayed)
	return a.ok(w, r, http.StatusCreated, NewTokenDTO{TokenDTO: token(t), Token: plain})
}

// revokeToken handles DELETE /api/tokens/{id}.
func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := a.svc.RevokeToken(r.Context(), u, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// preview handles POST /api/preview: the body rendered exactly as posting
// it would, without storing anything.
func (a *API) preview(w http.ResponseWriter, r *http.Request, u *forum.User) error {
	var req previewRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	html, red, err := a.svc.Preview(r.Context(), u, req.Body, req.Redact)
	if err != nil {
		return err
	}
	return a.ok(w, r, http.StatusOK, PreviewDTO{HTML: html, Redactions: redactions(red)})
}
