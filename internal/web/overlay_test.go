package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/auth"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/pagecache"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// overlayFixture is one forum served twice: by a Web without a page
// cache, which renders every page whole, and by one with it, which
// assembles signed-in pages from shared renderings.
type overlayFixture struct {
	svc                  *forum.Service
	whole, shared        http.Handler
	sharedWeb            *Web
	asker, replier, fan  *forum.User
	staff                *forum.User
	threadPath, listPath string
	replyID              int64
}

func newOverlayFixture(t testing.TB, dbURL string) *overlayFixture {
	return newOverlayFixtureN(t, dbURL, 4)
}

// newOverlayFixtureN is newOverlayFixture with n replies.
func newOverlayFixtureN(t testing.TB, dbURL string, n int) *overlayFixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dbURL, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	svc := forum.NewService(forum.Config{Store: st, Now: clock, Hasher: auth.NewHasher(auth.TestParams, 2)})
	topic := &forum.Topic{Title: "Testing", Slug: "testing"}
	if err := st.CreateTopic(ctx, topic); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSubtopic(ctx, &forum.Subtopic{TopicID: topic.ID, Title: "General", Slug: "general"}); err != nil {
		t.Fatal(err)
	}
	f := &overlayFixture{svc: svc, listPath: "/c/general"}
	user := func(name string, role forum.Role) *forum.User {
		u, err := svc.CreateUser(ctx, forum.SignUpInput{Username: name, Email: name + "@example.com", Password: "a long enough password"}, role, "")
		if err != nil {
			t.Fatal(err)
		}
		// Names that need escaping, to compare the overlay's escaping.
		u.DisplayName = `Ann "<b>" & ` + name
		return u
	}
	f.asker, f.replier, f.fan, f.staff = user("asker", forum.RoleMember), user("replier", forum.RoleMember), user("fan", forum.RoleMember), user("staffer", forum.RoleStaff)
	now = now.Add(72 * time.Hour) // past the new-account rules
	w, err := svc.CreateThread(ctx, f.asker, forum.Client{IP: "192.0.2.1"}, forum.ThreadInput{Title: "Overlay thread", Subtopic: "general", Body: "The question."})
	if err != nil {
		t.Fatal(err)
	}
	var first int64
	for i := range n {
		r, err := svc.Reply(ctx, f.replier, forum.Client{IP: "192.0.2.2"}, w.ThreadID, forum.ReplyInput{Body: "Reply number " + strconv.Itoa(i)})
		if err != nil {
			t.Fatal(err)
		}
		if first == 0 {
			first = r.PostID
		}
	}
	f.replyID = first
	if _, err := svc.Boost(ctx, f.fan, first, true); err != nil {
		t.Fatal(err)
	}
	if err := svc.Recommend(ctx, f.staff, first, true); err != nil {
		t.Fatal(err)
	}
	th, err := svc.Thread(ctx, w.ThreadID)
	if err != nil {
		t.Fatal(err)
	}
	f.threadPath = threadPath(th)
	serve := func(cache *pagecache.Cache) (*Web, http.Handler) {
		wb, err := New(Deps{Service: svc, Cache: cache, Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		wb.Routes(mux)
		return wb, mux
	}
	_, f.whole = serve(nil)
	f.sharedWeb, f.shared = serve(pagecache.New(8<<20, time.Minute, nil))
	return f
}

// readAs serves path to u (nil: signed out) with CSRF token tok.
func readAs(h http.Handler, path string, u *forum.User, tok string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if u != nil {
		id := identity.Placeholder(u, tok)
		id.Session = &forum.Session{ID: "session-of-" + u.Username, UserID: u.ID}
		req = req.WithContext(identity.With(req.Context(), id))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

var onceValue = regexp.MustCompile(`name="once" value="[^"]*"`)

// TestOverlayMatchesWholeRender checks, on both engines, that a signed-in
// page assembled from a shared rendering is byte for byte the page a whole
// render makes for the same reader (the reply form's one-time key aside),
// for the thread's asker, a replier, a member who boosted, staff, and a
// page served from the cache after another reader's; and that the shared
// rendering holds nothing of any reader's.
func TestOverlayMatchesWholeRender(t *testing.T) {
	for _, engine := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteURL}, {"postgres", storetest.PostgresURL}} {
		t.Run(engine.name, func(t *testing.T) {
			f := newOverlayFixture(t, engine.url(t))
			readers := []struct {
				name string
				u    *forum.User
			}{{"asker", f.asker}, {"replier", f.replier}, {"fan", f.fan}, {"staff", f.staff}}
			for _, path := range []string{f.threadPath, f.listPath, "/", "/latest", "/c/nowhere"} {
				for round := range 2 { // the second round is served from the shared renderings
					for _, rd := range readers {
						tok := "csrf-of-" + rd.u.Username
						want := readAs(f.whole, path, rd.u, tok)
						got := readAs(f.shared, path, rd.u, tok)
						if got.Code != want.Code {
							t.Fatalf("%s for %s: status %d, want %d", path, rd.name, got.Code, want.Code)
						}
						w, g := onceValue.ReplaceAllString(want.Body.String(), ""), onceValue.ReplaceAllString(got.Body.String(), "")
						if g != w {
							i := 0
							for i < len(g) && i < len(w) && g[i] == w[i] {
								i++
							}
							t.Fatalf("%s for %s (round %d) differs from the whole render at byte %d:\ngot  %.300q\nwant %.300q", path, rd.name, round, i, g[max(0, i-100):], w[max(0, i-100):])
						}
						if want.Code == http.StatusOK && path == f.threadPath && round == 1 && got.Header().Get("X-Cache") != "hit" {
							t.Errorf("%s for %s: X-Cache %q on the second round", path, rd.name, got.Header().Get("X-Cache"))
						}
						if cc := got.Header().Get("Cache-Control"); cc != "private, no-cache" {
							t.Errorf("%s for %s: Cache-Control %q", path, rd.name, cc)
						}
					}
				}
			}
			// The thread page really differs between readers, so the
			// comparison above compared something.
			fan := readAs(f.shared, f.threadPath, f.fan, "t").Body.String()
			asker := readAs(f.shared, f.threadPath, f.asker, "t").Body.String()
			staff := readAs(f.shared, f.threadPath, f.staff, "t").Body.String()
			if !strings.Contains(fan, `class="boost on"`) || strings.Contains(asker, `class="boost on"`) {
				t.Error("the fan's boost is not theirs alone")
			}
			if !strings.Contains(asker, "Accept as answer") || strings.Contains(fan, "Accept as answer") {
				t.Error("only the asker (and staff) may accept")
			}
			if !strings.Contains(staff, "Remove recommendation") || strings.Contains(fan, "Remove recommendation") {
				t.Error("only staff may recommend")
			}
			// Every page gets a fresh one-time key for its reply form, from
			// a shared rendering and from a whole render alike.
			for _, h := range []http.Handler{f.shared, f.whole} {
				k1 := onceValue.FindString(readAs(h, f.threadPath, f.fan, "t").Body.String())
				k2 := onceValue.FindString(readAs(h, f.threadPath, f.fan, "t").Body.String())
				if k1 == "" || k1 == k2 || strings.Contains(k1, string(f.sharedWeb.overlay.prefix)) {
					t.Errorf("one-time keys %q and %q: want two fresh ones", k1, k2)
				}
			}
			// The shared renderings: no reader's token, name or username.
			for _, role := range []forum.Role{forum.RoleMember, forum.RoleStaff} {
				for _, path := range []string{f.threadPath, f.listPath, "/"} {
					e, ok := f.sharedWeb.Cache.Get("signed-in " + string(role) + " " + path)
					if !ok {
						t.Fatalf("no shared %s rendering of %s", role, path)
					}
					body := string(e.Body)
					for _, rd := range readers {
						for _, private := range []string{"csrf-of-" + rd.u.Username, "(your profile)</span></a>" + rd.u.DisplayName, `href="/u/` + rd.u.Username + `"` + ` class`, "Accept as answer", `class="boost on"`} {
							if strings.Contains(body, private) {
								t.Errorf("the shared %s rendering of %s holds %q", role, path, private)
							}
						}
					}
					if !strings.Contains(body, string(f.sharedWeb.overlay.prefix)) {
						t.Errorf("the shared %s rendering of %s has no slots", role, path)
					}
				}
			}
		})
	}
}

// TestOverlayRefreshesAfterWrites checks that the shared renderings follow
// the page cache's invalidation: a reply is on the next signed-in page,
// and a boost shows its new count at once to the reader who boosted.
func TestOverlayRefreshesAfterWrites(t *testing.T) {
	f := newOverlayFixture(t, storetest.SQLiteURL(t))
	f.svc.Subscribe(f.sharedWeb.Invalidate)
	ctx := context.Background()
	readAs(f.shared, f.threadPath, f.fan, "t")
	th, err := f.svc.Thread(ctx, mustID(t, f.threadPath))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Reply(ctx, f.replier, forum.Client{IP: "192.0.2.2"}, th.ID, forum.ReplyInput{Body: "A late reply with news."}); err != nil {
		t.Fatal(err)
	}
	if body := readAs(f.shared, f.threadPath, f.fan, "t").Body.String(); !strings.Contains(body, "A late reply with news.") {
		t.Fatal("the signed-in page does not show the new reply")
	}
	if _, err := f.svc.Boost(ctx, f.asker, f.replyID, true); err != nil {
		t.Fatal(err)
	}
	body := readAs(f.shared, f.threadPath, f.asker, "t").Body.String()
	if !strings.Contains(body, `data-post="`+strconv.FormatInt(f.replyID, 10)+`">2</span>`) {
		t.Fatal("the booster does not see the new count at once")
	}
}

func mustID(t *testing.T, path string) int64 {
	id, err := strconv.ParseInt(path[strings.LastIndexByte(path, '/')+1:], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestAccountChangesKeepPages checks that a sign-out (EventAccountChanged)
// leaves cached pages alone: it is for the session cache.
func TestAccountChangesKeepPages(t *testing.T) {
	f := newOverlayFixture(t, storetest.SQLiteURL(t))
	f.svc.Subscribe(f.sharedWeb.Invalidate)
	readAs(f.shared, "/", nil, "")
	readAs(f.shared, "/", f.fan, "t")
	cookie, err := f.svc.OpenSession(context.Background(), f.fan, "test", "192.0.2.9")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SignOut(context.Background(), f.fan, cookie); err != nil {
		t.Fatal(err)
	}
	if x := readAs(f.shared, "/", nil, "").Header().Get("X-Cache"); x != "hit" {
		t.Errorf("signed-out home page after a sign-out: X-Cache %q, want hit", x)
	}
	if x := readAs(f.shared, "/", f.fan, "t").Header().Get("X-Cache"); x != "hit" {
		t.Errorf("signed-in home page after a sign-out: X-Cache %q, want hit", x)
	}
}
