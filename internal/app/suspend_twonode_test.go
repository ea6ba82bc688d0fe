package app

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/live"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// TestSuspensionReachesEveryNode runs two nodes on one PostgreSQL
// database: a member signed in on node B (a browser session and an API
// token) is suspended through node A's API and is refused on node B as
// soon as B hears the account message (B's session cache is set to keep
// entries for an hour, so only that message can end the session there);
// signing in on B then tells the reason.
func TestSuspensionReachesEveryNode(t *testing.T) {
	env := map[string]string{"PARLEY_DATABASE_URL": storetest.PostgresURL(t)}
	a := startNode(t, env, buildOptions{})
	b := startNode(t, env, buildOptions{})
	b.srv.Service.SetSessionCacheTTL(time.Hour)
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

	replier, err := b.srv.Service.UserByName(ctx, "replier")
	if err != nil {
		t.Fatal(err)
	}
	heard := make(chan struct{})
	var once sync.Once
	stop, err := b.srv.live.bus.Subscribe(func(m live.Message) {
		if id, _, ok := accountOf(m); ok && id == replier.ID {
			once.Do(func() { close(heard) })
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	var out struct{ State string }
	if code := apiCall(t, "PUT", a.url+"/api/admin/users/replier/suspension", adminToken,
		map[string]any{"reason": "Posting the same link everywhere", "until": nil}, &out); code != 200 || out.State != "suspended" {
		t.Fatalf("suspend on node A: %d %+v", code, out)
	}
	select {
	case <-heard:
	case <-time.After(30 * time.Second):
		t.Fatal("node B never heard that the account changed")
	}
	// B's own subscriber may run just after the test's: wait for the
	// refusal itself (the hour-long cache cannot expire meanwhile).
	deadline := time.Now().Add(30 * time.Second)
	for me(bySession) != 401 && time.Now().Before(deadline) {
		runtime.Gosched()
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
