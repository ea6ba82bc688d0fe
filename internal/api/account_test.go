package api

import (
	"net/http"
	"strings"
	"testing"
)

func TestMe(t *testing.T) {
	h := newHarness(t)
	var me MeDTO
	res := h.must(http.StatusOK, req{method: "GET", path: "/api/me", as: "carol"})
	res.decode(t, &me)
	if me.Username != "carol" || me.Email != "carol@example.com" || me.Role != "staff" || !me.Staff || me.URL != testBase+"/u/carol" {
		t.Errorf("me %+v", me)
	}
	if res.header.Get("Cache-Control") != "no-store" {
		t.Errorf("/api/me Cache-Control %q", res.header.Get("Cache-Control"))
	}
	if strings.Contains(string(res.body), "argon2") {
		t.Errorf("/api/me leaks the password hash: %s", res.body)
	}
	res = h.must(http.StatusUnauthorized, req{method: "GET", path: "/api/me"})
	if code, _ := res.errorCode(t); code != CodeUnauthorized || !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("signed out: code %q, WWW-Authenticate %q", code, res.header.Get("WWW-Authenticate"))
	}
	cookie, _ := h.session("alice")
	h.must(http.StatusOK, req{method: "GET", path: "/api/me", cookie: cookie}).decode(t, &me)
	if me.Username != "alice" {
		t.Errorf("cookie session reads %q", me.Username)
	}
}

func TestTokenLifecycle(t *testing.T) {
	h := newHarness(t)
	var created NewTokenDTO
	res := h.must(http.StatusCreated, req{method: "POST", path: "/api/tokens", as: "bob", body: map[string]any{"name": "CI bot", "current_password": testPassword}})
	res.decode(t, &created)
	if created.Name != "CI bot" || created.Token == "" || created.LastUsedAt != nil {
		t.Fatalf("created %+v", created)
	}
	// The new token works, and using it is recorded.
	var me MeDTO
	h.must(http.StatusOK, req{method: "GET", path: "/api/me", token: created.Token}).decode(t, &me)
	if me.Username != "bob" {
		t.Errorf("new token is %q's", me.Username)
	}
	var list TokensDTO
	res = h.must(http.StatusOK, req{method: "GET", path: "/api/tokens", as: "bob"})
	res.decode(t, &list)
	if len(list.Tokens) != 2 || strings.Contains(string(res.body), created.Token) {
		t.Errorf("list %s", res.body)
	}
	// Another user cannot revoke it.
	h.must(http.StatusNotFound, req{method: "DELETE", path: "/api/tokens/" + itoa(created.ID), as: "alice"})
	h.must(http.StatusNoContent, req{method: "DELETE", path: "/api/tokens/" + itoa(created.ID), as: "bob"})
	res = h.must(http.StatusUnauthorized, req{method: "GET", path: "/api/me", token: created.Token})
	if code, _ := res.errorCode(t); code != CodeInvalidToken {
		t.Errorf("revoked token: code %q", code)
	}
	h.must(http.StatusNotFound, req{method: "DELETE", path: "/api/tokens/" + itoa(created.ID), as: "bob"})
	res = h.must(http.StatusUnprocessableEntity, req{method: "POST", path: "/api/tokens", as: "bob", body: map[string]any{"name": " "}})
	if _, fields := res.errorCode(t); fields["name"] == "" {
		t.Errorf("blank name: fields %v", fields)
	}
}

// TestTokenCreationNeedsReauth checks that a Bearer token cannot mint
// another token without the account's password, and that a browser session
// that just signed in can.
func TestTokenCreationNeedsReauth(t *testing.T) {
	h := newHarness(t)
	res := h.must(http.StatusForbidden, req{method: "POST", path: "/api/tokens", as: "bob", body: map[string]any{"name": "minted"}})
	if code, _ := res.errorCode(t); code != CodeForbidden {
		t.Errorf("token without password: code %q", code)
	}
	res = h.must(http.StatusUnprocessableEntity, req{method: "POST", path: "/api/tokens", as: "bob", body: map[string]any{"name": "minted", "current_password": "not the password"}})
	if _, fields := res.errorCode(t); fields["current_password"] == "" {
		t.Errorf("wrong password: fields %v", fields)
	}
	h.must(http.StatusCreated, req{method: "POST", path: "/api/tokens", as: "bob", body: map[string]any{"name": "minted", "current_password": testPassword}})
	cookie, csrf := h.session("alice")
	h.must(http.StatusCreated, req{method: "POST", path: "/api/tokens", cookie: cookie, csrf: csrf, body: map[string]any{"name": "fresh session"}})
}
