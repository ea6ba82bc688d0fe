package api

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestScenarios runs requests against one seeded forum: alice asked a
// thread ({thread}, opening post {post}) that bob answered ({reply}).
func TestScenarios(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Scenario thread title", "bob")
	reply := h.postID(w.ThreadID, 2)
	expand := strings.NewReplacer("{thread}", itoa(w.ThreadID), "{post}", itoa(w.PostID), "{reply}", itoa(reply)).Replace
	validThread := map[string]any{"title": "A fresh question", "subtopic": "networking", "body": "Long enough body text."}

	for _, c := range []struct {
		name   string
		method string
		path   string
		body   any
		as     string // "bad" sends an unknown token
		status int
		code   string
	}{
		{"openapi document", "GET", "/api/openapi.json", nil, "", 200, ""},
		{"openapi ignores bad token", "GET", "/api/openapi.json", nil, "bad", 200, ""},
		{"thread signed out", "POST", "/api/threads", validThread, "", 401, CodeUnauthorized},
		{"thread bad token", "POST", "/api/threads", validThread, "bad", 401, CodeInvalidToken},
		{"signed out before bad body", "POST", "/api/threads", "{not json", "", 401, CodeUnauthorized},
		{"thread ok", "POST", "/api/threads", validThread, "bob", 201, ""},
		{"thread malformed", "POST", "/api/threads", `{"title": `, "bob", 400, CodeBadRequest},
		{"thread syntax error", "POST", "/api/threads", `{"title" "x"}`, "bob", 400, CodeBadRequest},
		{"thread empty body", "POST", "/api/threads", "", "bob", 400, CodeBadRequest},
		{"thread array body", "POST", "/api/threads", `[]`, "bob", 400, CodeBadRequest},
		{"thread two objects", "POST", "/api/threads", `{} {}`, "bob", 400, CodeBadRequest},
		{"thread wrong type", "POST", "/api/threads", `{"title": 5}`, "bob", 400, CodeBadRequest},
		{"thread unknown field", "POST", "/api/threads", `{"title":"x","redcat":true}`, "bob", 400, CodeBadRequest},
		{"thread invalid", "POST", "/api/threads", map[string]any{"title": "x"}, "bob", 422, CodeInvalid},
		{"reply ok", "POST", "/api/threads/{thread}/replies", map[string]any{"body": "Me too here"}, "carol", 201, ""},
		{"reply unknown thread", "POST", "/api/threads/999999/replies", map[string]any{"body": "Me too here"}, "carol", 404, CodeNotFound},
		{"reply letters id", "POST", "/api/threads/abc/replies", map[string]any{"body": "Me too here"}, "carol", 404, CodeNotFound},
		{"reply too short", "POST", "/api/threads/{thread}/replies", map[string]any{"body": "x"}, "carol", 422, CodeInvalid},
		{"get post", "GET", "/api/posts/{post}", nil, "", 200, ""},
		{"get post bad token", "GET", "/api/posts/{post}", nil, "bad", 401, CodeInvalidToken},
		{"get post zero", "GET", "/api/posts/0", nil, "", 404, CodeNotFound},
		{"get post negative", "GET", "/api/posts/-3", nil, "", 404, CodeNotFound},
		{"get post leading zero", "GET", "/api/posts/0{post}", nil, "", 404, CodeNotFound},
		{"get post plus sign", "GET", "/api/posts/+{post}", nil, "", 404, CodeNotFound},
		{"get post huge", "GET", "/api/posts/99999999999999999999", nil, "", 404, CodeNotFound},
		{"get post max int64", "GET", "/api/posts/9223372036854775807", nil, "", 404, CodeNotFound},
		{"edit other's post", "PATCH", "/api/posts/{post}", map[string]any{"body": "Rewritten by bob"}, "bob", 403, CodeForbidden},
		{"edit own post", "PATCH", "/api/posts/{reply}", map[string]any{"body": "Rewritten by bob"}, "bob", 200, ""},
		{"edit without body", "PATCH", "/api/posts/{reply}", map[string]any{}, "bob", 422, CodeInvalid},
		{"edit unknown field", "PATCH", "/api/posts/{reply}", `{"body":"abc","tags":[]}`, "bob", 400, CodeBadRequest},
		{"delete signed out", "DELETE", "/api/posts/{reply}", nil, "", 401, CodeUnauthorized},
		{"delete other's", "DELETE", "/api/posts/{reply}", nil, "carol", 403, CodeForbidden},
		{"revisions", "GET", "/api/posts/{reply}/revisions", nil, "", 200, ""},
		{"revisions unknown", "GET", "/api/posts/999999/revisions", nil, "", 404, CodeNotFound},
		{"boost", "PUT", "/api/posts/{post}/boost", nil, "bob", 200, ""},
		{"boost own", "PUT", "/api/posts/{post}/boost", nil, "alice", 403, CodeForbidden},
		{"boost unknown", "PUT", "/api/posts/999999/boost", nil, "bob", 404, CodeNotFound},
		{"unboost signed out", "DELETE", "/api/posts/{post}/boost", nil, "", 401, CodeUnauthorized},
		{"accept", "PUT", "/api/threads/{thread}/accepted", map[string]any{"post_id": reply}, "alice", 200, ""},
		{"accept not asker", "PUT", "/api/threads/{thread}/accepted", map[string]any{"post_id": reply}, "carol", 403, CodeForbidden},
		{"accept negative", "PUT", "/api/threads/{thread}/accepted", map[string]any{"post_id": -1}, "alice", 422, CodeInvalid},
		{"accept unknown thread", "PUT", "/api/threads/999999/accepted", map[string]any{"post_id": 0}, "alice", 404, CodeNotFound},
		{"recommend member", "PUT", "/api/posts/{reply}/recommended", nil, "bob", 403, CodeForbidden},
		{"recommend staff", "PUT", "/api/posts/{reply}/recommended", nil, "carol", 200, ""},
		{"unrecommend staff", "DELETE", "/api/posts/{reply}/recommended", nil, "carol", 200, ""},
		{"preview", "POST", "/api/preview", map[string]any{"body": "# Hi"}, "bob", 200, ""},
		{"preview control char", "POST", "/api/preview", map[string]any{"body": "a\u0007b"}, "bob", 422, CodeInvalid},
		{"preview longer than a post", "POST", "/api/preview", map[string]any{"body": strings.Repeat("é", 60001)}, "bob", 422, CodeInvalid},
		{"me", "GET", "/api/me", nil, "bob", 200, ""},
		{"me signed out", "GET", "/api/me", nil, "", 401, CodeUnauthorized},
		{"me bad token", "GET", "/api/me", nil, "bad", 401, CodeInvalidToken},
		{"tokens", "GET", "/api/tokens", nil, "bob", 200, ""},
		{"tokens signed out", "GET", "/api/tokens", nil, "", 401, CodeUnauthorized},
		{"token create", "POST", "/api/tokens", map[string]any{"name": "laptop", "current_password": testPassword}, "bob", 201, ""},
		{"token revoke unknown", "DELETE", "/api/tokens/999999", nil, "bob", 404, CodeNotFound},
		{"token revoke bad id", "DELETE", "/api/tokens/x1", nil, "bob", 404, CodeNotFound},
		{"home", "GET", "/", nil, "", 200, ""},
		{"home bad token", "GET", "/", nil, "bad", 401, CodeInvalidToken},
		{"latest", "GET", "/latest", nil, "", 200, ""},
		{"subtopic", "GET", "/c/networking", nil, "", 200, ""},
		{"subtopic unknown", "GET", "/c/cooking", nil, "", 404, CodeNotFound},
		{"tag", "GET", "/tags/urlsession", nil, "", 200, ""},
		{"user", "GET", "/u/alice", nil, "", 200, ""},
		{"thread", "GET", "/t/scenario-thread-title/{thread}", nil, "", 200, ""},
		{"thread bad id", "GET", "/t/scenario-thread-title/x", nil, "", 404, CodeNotFound},
		{"revisions twin", "GET", "/p/{post}/revisions", nil, "", 200, ""},
		{"unknown api path", "GET", "/api/nothing/here", nil, "", 404, CodeNotFound},
		{"wrong method", "GET", "/api/threads", nil, "", 405, CodeMethodNotAllowed},
		{"wrong method on post", "POST", "/api/posts/{post}", map[string]any{}, "bob", 405, CodeMethodNotAllowed},
	} {
		t.Run(c.name, func(t *testing.T) {
			rq := req{method: c.method, path: expand(c.path), body: c.body, as: c.as}
			if c.as == "bad" {
				rq.as, rq.token = "", "pat_not-a-real-token"
			}
			res := h.must(c.status, rq)
			if c.code == "" {
				return
			}
			if code, _ := res.errorCode(t); code != c.code {
				t.Errorf("code %q, want %q (body %s)", code, c.code, res.body)
			}
			if res.header.Get("Cache-Control") != "no-store" {
				t.Errorf("error response Cache-Control %q", res.header.Get("Cache-Control"))
			}
		})
	}
}

func TestWritesNoStore(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Cache headers on writes")
	for _, c := range []struct {
		status int
		rq     req
	}{
		{200, req{method: "PUT", path: "/api/posts/" + itoa(w.PostID) + "/boost", as: "bob"}},
		{200, req{method: "POST", path: "/api/preview", as: "bob", body: map[string]any{"body": "hello"}}},
		{201, req{method: "POST", path: "/api/threads/" + itoa(w.ThreadID) + "/replies", as: "bob", body: map[string]any{"body": "hello"}}},
		{201, req{method: "POST", path: "/api/tokens", as: "bob", body: map[string]any{"name": "phone", "current_password": testPassword}}},
	} {
		if cc := h.must(c.status, c.rq).header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s %s: Cache-Control %q", c.rq.method, c.rq.path, cc)
		}
	}
}

func TestMethodNotAllowedListsMethods(t *testing.T) {
	h := newHarness(t)
	res := h.must(http.StatusMethodNotAllowed, req{method: "POST", path: "/api/posts/1"})
	if allow := res.header.Get("Allow"); allow != "GET, PATCH, DELETE" {
		t.Errorf("Allow %q", allow)
	}
}

func TestCookieWritesNeedCSRF(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Browser session writes")
	cookie, token := h.session("bob")
	_, aliceToken := h.session("alice")
	path := "/api/threads/" + itoa(w.ThreadID) + "/replies"
	body := map[string]any{"body": "From the browser"}

	for _, c := range []struct {
		name, csrf string
		status     int
		code       string
	}{
		{"no header", "", 403, CodeCSRF},
		{"garbage", "nonsense", 403, CodeCSRF},
		{"another session's token", aliceToken, 403, CodeCSRF},
		{"valid", token, 201, ""},
	} {
		res := h.must(c.status, req{method: "POST", path: path, body: body, cookie: cookie, csrf: c.csrf})
		if c.code != "" {
			if code, _ := res.errorCode(t); code != c.code {
				t.Errorf("%s: code %q, want %q", c.name, code, c.code)
			}
		}
	}
	// CSRF is checked before the body is read.
	res := h.must(403, req{method: "POST", path: path, body: "{oops", cookie: cookie})
	if code, _ := res.errorCode(t); code != CodeCSRF {
		t.Errorf("bad body without CSRF: code %q", code)
	}
	// Every kind of write is covered, including those without a body.
	h.must(403, req{method: "PUT", path: "/api/posts/" + itoa(w.PostID) + "/boost", cookie: cookie})
	h.must(403, req{method: "DELETE", path: "/api/posts/" + itoa(w.PostID), cookie: cookie})
	h.must(200, req{method: "PUT", path: "/api/posts/" + itoa(w.PostID) + "/boost", cookie: cookie, csrf: token})
}

func TestContentTypeRequired(t *testing.T) {
	h := newHarness(t)
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "application/jsonx", "bogus;;"} {
		res := h.must(http.StatusUnsupportedMediaType, req{method: "POST", path: "/api/preview", as: "bob",
			body: `{"body":"hi"}`, contentType: ct})
		if code, _ := res.errorCode(t); code != CodeUnsupportedMediaType {
			t.Errorf("%s: code %q", ct, code)
		}
	}
	h.must(http.StatusOK, req{method: "POST", path: "/api/preview", as: "bob", body: `{"body":"hi"}`, contentType: "application/json; charset=utf-8"})
}

func TestUnknownFieldIsNamed(t *testing.T) {
	h := newHarness(t)
	res := h.must(http.StatusBadRequest, req{method: "POST", path: "/api/preview", as: "bob", body: `{"body":"hi","redcat":true}`})
	if code, fields := res.errorCode(t); code != CodeBadRequest || fields["redcat"] == "" {
		t.Errorf("code %q fields %v", code, fields)
	}
	res = h.must(http.StatusBadRequest, req{method: "POST", path: "/api/threads", as: "bob", body: `{"tags":"swift"}`})
	if _, fields := res.errorCode(t); fields["tags"] == "" {
		t.Errorf("wrong type not named: %v", fields)
	}
}

func TestOversizedBody(t *testing.T) {
	h := newHarness(t)
	big := `{"body":"` + strings.Repeat("a", testMaxBytes) + `"}`
	res := h.must(http.StatusRequestEntityTooLarge, req{method: "POST", path: "/api/preview", as: "bob", body: big})
	if code, _ := res.errorCode(t); code != CodeTooLarge {
		t.Errorf("code %q", code)
	}
	// The API's own limit applies when the server in front sets none.
	h.api.MaxBodyBytes = 64
	res = h.must(http.StatusRequestEntityTooLarge, req{method: "POST", path: "/api/preview", as: "bob",
		body: `{"body":"` + strings.Repeat("b", 100) + `"}`})
	if code, _ := res.errorCode(t); code != CodeTooLarge {
		t.Errorf("code %q", code)
	}
}

func TestRateLimited(t *testing.T) {
	h := newHarness(t, withLimiter())
	body := map[string]any{"title": "First question today", "subtopic": "networking", "body": "Long enough body text."}
	h.must(http.StatusCreated, req{method: "POST", path: "/api/threads", as: "bob", body: body})
	res := h.must(http.StatusTooManyRequests, req{method: "POST", path: "/api/threads", as: "bob", body: body})
	if code, _ := res.errorCode(t); code != CodeRateLimited {
		t.Errorf("code %q", code)
	}
	if secs, err := strconv.Atoi(res.header.Get("Retry-After")); err != nil || secs < 1 {
		t.Errorf("Retry-After %q", res.header.Get("Retry-After"))
	}
	// Invalid input is refused before a limit is charged.
	res = h.must(http.StatusUnprocessableEntity, req{method: "POST", path: "/api/threads", as: "carol", body: map[string]any{"title": "x"}})
	h.must(http.StatusCreated, req{method: "POST", path: "/api/threads", as: "carol", body: body})
}

func TestClientIPHook(t *testing.T) {
	h := newHarness(t, withLimiter())
	var seen []string
	h.api.ClientIP = func(r *http.Request) string {
		ip := r.Header.Get("X-Test-IP")
		seen = append(seen, ip)
		return ip
	}
	h.must(http.StatusCreated, req{method: "POST", path: "/api/threads", as: "bob", header: http.Header{"X-Test-IP": {"203.0.113.9"}},
		body: map[string]any{"title": "Question from a proxy", "subtopic": "networking", "body": "Long enough body text."}})
	if len(seen) != 1 || seen[0] != "203.0.113.9" {
		t.Errorf("ClientIP saw %v", seen)
	}
}

func TestInternalErrorsAreNotLeaked(t *testing.T) {
	h := newHarness(t)
	w := h.thread("alice", "Before the database goes away")
	if err := h.st.Close(); err != nil {
		t.Fatal(err)
	}
	for _, rq := range []req{
		{method: "GET", path: "/api/posts/" + itoa(w.PostID)},
		{method: "GET", path: "/latest"},
		{method: "GET", path: "/c/networking"},
	} {
		res := h.do(rq)
		if res.status != http.StatusInternalServerError {
			t.Fatalf("%s %s: status %d %s", rq.method, rq.path, res.status, res.body)
		}
		code, _ := res.errorCode(t)
		if code != CodeInternal || strings.Contains(string(res.body), "sql") || strings.Contains(string(res.body), "closed") {
			t.Errorf("%s %s: %s", rq.method, rq.path, res.body)
		}
	}
}
