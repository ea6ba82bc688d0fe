package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestSuspensionReachesEveryNode runs two nodes on one PostgreSQL
// database: a member signed in on node B (a browser session and an API
// token) is suspended through node A's API and is refused on node B at
// once, by the very next request; signing in on B then tells the reason.
func TestSuspensionReachesEveryNode(t *testing.T) {
	env := map[string]string{"PARLEY_DATABASE_URL": storetest.PostgresURL(t)}
	a := startNode(t, env, buildOptions{})
	b := startNode(t, env, buildOptions{})
	fx := seed(t, a.srv)
	ctx := context.Background()
	admin, err := a.srv.Service.CreateUser(ctx, forum.SignUpInput{Username: "ada", Email: "ada@example.com", Password: "correct horse battery"}, forum.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	_, adminToken, err := a.srv.Service.CreateToken(ctx, admin, "admin")
	if err != nil {
		t.Fatal(err)
	}
	_, cookie, err := b.srv.Service.SignIn(ctx, forum.Client{IP: "192.0.2.5"}, forum.SignInInput{Login: "replier", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	me := func(auth func(*http.Request)) int {
		req, _ := http.NewRequest(http.MethodGet, b.url+"/api/me", nil)
		auth(req)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	bySession := func(r *http.Request) { r.AddCookie(&http.Cookie{Name: identity.SessionCookie, Value: cookie}) }
	byToken := func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+fx.token) }
	if s, k := me(bySession), me(byToken); s != 200 || k != 200 {
		t.Fatalf("before the suspension node B answers %d (session) and %d (token)", s, k)
	}

	var out struct{ State string }
	if code := apiCall(t, "PUT", a.url+"/api/admin/users/replier/suspension", adminToken,
		map[string]any{"reason": "Posting the same link everywhere", "until": nil}, &out); code != 200 || out.State != "suspended" {
		t.Fatalf("suspend on node A: %d %+v", code, out)
	}
	if s, k := me(bySession), me(byToken); s != 401 || k != 401 {
		t.Fatalf("right after the suspension node B answers %d (session) and %d (token), want 401 for both", s, k)
	}
	if code := apiCall(t, "POST", b.url+fmt.Sprintf("/api/threads/%d/replies", fx.threadID), fx.token, map[string]any{"body": "Written while suspended."}, nil); code != 401 {
		t.Fatalf("a reply on node B after the suspension: %d", code)
	}
	_, _, err = b.srv.Service.SignIn(ctx, forum.Client{IP: "192.0.2.5"}, forum.SignInInput{Login: "replier", Password: "correct horse battery"})
	if reason := forum.ForbiddenReason(err); !strings.Contains(reason, "without an end date") || !strings.Contains(reason, "Posting the same link everywhere") {
		t.Fatalf("signing in on node B: %v", err)
	}

	// Lifted on B, the member signs in again on A.
	if code := apiCall(t, "DELETE", b.url+"/api/admin/users/replier/suspension", adminToken, nil, &out); code != 200 || out.State != "active" {
		t.Fatalf("unsuspend on node B: %d %+v", code, out)
	}
	if _, _, err := a.srv.Service.SignIn(ctx, forum.Client{IP: "192.0.2.5"}, forum.SignInInput{Login: "replier", Password: "correct horse battery"}); err != nil {
		t.Fatalf("sign in after the suspension was lifted: %v", err)
	}
}
