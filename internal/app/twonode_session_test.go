package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/live"
	"github.com/parley-forum/parley/internal/store/storetest"
	"github.com/parley-forum/parley/internal/testenv"
)

// TestSignOutOnOneNodeEndsTheSessionOnAll runs two nodes on one
// PostgreSQL database, in both fan-out modes. Node B remembers a signed-in
// session (its cache is made to last an hour, so only the event can end
// it); the member signs out on node A, and node B refuses the cookie as
// soon as A's event reaches it.
func TestSignOutOnOneNodeEndsTheSessionOnAll(t *testing.T) {
	modes := []struct {
		name string
		env  func(t *testing.T) map[string]string
	}{
		{"postgres-listen-notify", func(t *testing.T) map[string]string { return map[string]string{} }},
		{"nats", func(t *testing.T) map[string]string {
			var b [6]byte
			_, _ = rand.Read(b[:])
			return map[string]string{"PARLEY_NATS_URL": testenv.NATSServer(t), "PARLEY_NATS_SUBJECT": "parley.test." + hex.EncodeToString(b[:])}
		}},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			env := mode.env(t)
			env["PARLEY_DATABASE_URL"] = storetest.PostgresURL(t)
			a := startNode(t, env, buildOptions{})
			b := startNode(t, env, buildOptions{})
			b.srv.Service.SetSessionCacheTTL(time.Hour)
			ctx := context.Background()
			u, err := a.srv.Service.CreateUser(ctx, forum.SignUpInput{Username: "roamer", Email: "roamer@example.com", Password: "correct horse battery"}, forum.RoleMember, "Roamer")
			if err != nil {
				t.Fatal(err)
			}
			cookie, err := a.srv.Service.OpenSession(ctx, u, "test", "192.0.2.7")
			if err != nil {
				t.Fatal(err)
			}
			if page := account(t, b.url, cookie); !signedIn(page) || !strings.Contains(page, "roamer") {
				t.Fatal("node B does not know the new session")
			}
			// Renamed behind the Service's back: node B still shows the old
			// name, so it answers from its cache, not the database.
			if _, err := a.srv.Store.Engine().Write.ExecContext(ctx, `UPDATE users SET display_name = $1 WHERE id = $2`, "Renamed Quietly", u.ID); err != nil {
				t.Fatal(err)
			}
			if page := account(t, b.url, cookie); !signedIn(page) || strings.Contains(page, "Renamed Quietly") {
				t.Fatal("node B read the session from the database: it has no cache to test")
			}

			// Hear the account message on node B's bus too, to wait on it.
			heard := make(chan struct{})
			var once sync.Once
			stop, err := b.srv.live.bus.Subscribe(func(m live.Message) {
				if id, _, ok := accountOf(m); ok && id == u.ID {
					once.Do(func() { close(heard) })
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			defer stop()

			// Sign out through node A's form.
			page := account(t, a.url, cookie)
			m := regexp.MustCompile(`action="/signout"[^>]*><input type="hidden" name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no sign-out form on node A")
			}
			req, _ := http.NewRequest(http.MethodPost, a.url+"/signout", strings.NewReader(url.Values{"csrf": {m[1]}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: "parley_session", Value: cookie})
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound {
				t.Fatalf("sign-out on node A: status %d", res.StatusCode)
			}
			if signedIn(account(t, a.url, cookie)) {
				t.Fatal("node A still accepts the cookie after signing out")
			}
			// Node B: as soon as the event arrives (the timeout only ends a
			// failing test; the cache would keep the session for an hour).
			select {
			case <-heard:
			case <-time.After(20 * time.Second):
				t.Fatal("the account event never reached node B")
			}
			// Bus handlers run one after the other, ours maybe first: give
			// node B's own handler its turn, then the cookie must be refused.
			for end := time.Now().Add(5 * time.Second); signedIn(account(t, b.url, cookie)); runtime.Gosched() {
				if time.Now().After(end) {
					t.Fatal("node B still accepts the cookie of a session signed out on node A")
				}
			}
		})
	}
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// account fetches /account with the session cookie: the page, or "" when
// the node sends the visitor to sign in.
func account(t *testing.T, base, cookie string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/account", nil)
	req.AddCookie(&http.Cookie{Name: "parley_session", Value: cookie})
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return ""
	}
	return string(body)
}

func signedIn(page string) bool { return strings.Contains(page, `action="/signout"`) }

// TestAccountMessages pins how EventAccountChanged travels: one message
// on the account's own topic, which no browser stream can name, read back
// as the user id on every node.
func TestAccountMessages(t *testing.T) {
	ms, err := messagesFrom(forum.Event{Kind: forum.EventAccountChanged, UserID: 42}, "node")
	if err != nil || len(ms) != 1 || ms[0].Topic != "account:42" || ms[0].Type != string(forum.EventAccountChanged) {
		t.Fatalf("messages %+v, %v", ms, err)
	}
	if id, pages, ok := accountOf(ms[0]); !ok || id != 42 || pages {
		t.Fatalf("accountOf = %d, %v, %v", id, pages, ok)
	}
	// A change that shows on pages says so, for the other nodes' caches.
	ms, err = messagesFrom(forum.Event{Kind: forum.EventAccountChanged, UserID: 42, Pages: true}, "node")
	if err != nil || len(ms) != 1 {
		t.Fatalf("messages %+v, %v", ms, err)
	}
	if id, pages, ok := accountOf(ms[0]); !ok || id != 42 || !pages {
		t.Fatalf("accountOf of a page-visible change = %d, %v, %v", id, pages, ok)
	}
	if _, _, ok, _ := eventOf(ms[0]); ok {
		t.Fatal("an account message was read as a thread event")
	}
	for _, topic := range []string{"thread:42", "account:", "account:x", "account:-1"} {
		if _, _, ok := accountOf(live.Message{Topic: topic}); ok {
			t.Errorf("accountOf(%q) accepted it", topic)
		}
	}
}
