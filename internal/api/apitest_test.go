package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/parley-forum/parley/internal/auth"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/identity"
	"github.com/parley-forum/parley/internal/ratelimit"
	"github.com/parley-forum/parley/internal/store"
	"github.com/parley-forum/parley/internal/store/storetest"
)

const (
	testBase     = "http://forum.test"
	testMaxBytes = 256 << 10
)

// harness is the real stack on a fresh SQLite database: store, Service,
// identity middleware, the API's routes and the page twins mounted where
// internal/web mounts them.
type harness struct {
	t      testing.TB
	svc    *forum.Service
	st     *store.Store
	api    *API
	csrf   *auth.CSRF
	srv    *httptest.Server
	doc    *openapi3.T
	router routers.Router
	users  map[string]*account
	sub    *forum.Subtopic // "networking"
	other  *forum.Subtopic // "notifications"
}

// account is a seeded user with a personal API token.
type account struct {
	user  *forum.User
	token string
}

type harnessOption func(*forum.Config)

// withLimiter turns rate limiting on with the default rules.
func withLimiter() harnessOption {
	return func(c *forum.Config) { c.Limiter = ratelimit.NewMemory(nil) }
}

func newHarness(t testing.TB, opts ...harnessOption) *harness {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.SQLiteURL(t), store.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	cfg := forum.Config{Store: st, Hasher: auth.NewHasher(auth.TestParams, 2)}
	for _, o := range opts {
		o(&cfg)
	}
	svc := forum.NewService(cfg)
	h := &harness{t: t, svc: svc, st: st, csrf: auth.NewCSRF(bytes.Repeat([]byte("k"), 32)), users: map[string]*account{}}
	h.api = New(svc, forum.NewViewCounter(st, 0, nil), testBase, slog.New(slog.NewTextHandler(io.Discard, nil)))
	h.api.PublicRevisions = true // as --public-revisions; TestRevisionsNeedSignInUnlessPublic turns it off
	h.seed(ctx)
	h.loadDoc()

	mux := http.NewServeMux()
	h.api.Routes(mux)
	mountTwins(mux, h.api)
	rs := &identity.Resolver{Service: svc, CSRF: h.csrf}
	h.srv = httptest.NewServer(http.MaxBytesHandler(rs.Middleware(mux), testMaxBytes))
	t.Cleanup(h.srv.Close)
	return h
}

// mountTwins mirrors how internal/web hands JSON requests to the twins.
func mountTwins(mux *http.ServeMux, a *API) {
	mux.HandleFunc("GET /{$}", a.Home)
	mux.HandleFunc("GET /latest", a.Latest)
	mux.HandleFunc("GET /search", a.Search)
	mux.HandleFunc("GET /c/{slug}", func(w http.ResponseWriter, r *http.Request) { a.Subtopic(w, r, r.PathValue("slug")) })
	mux.HandleFunc("GET /tags/{name}", func(w http.ResponseWriter, r *http.Request) { a.Tag(w, r, r.PathValue("name")) })
	mux.HandleFunc("GET /tags", a.TagIndex)
	mux.HandleFunc("GET /u/{username}", func(w http.ResponseWriter, r *http.Request) { a.User(w, r, r.PathValue("username")) })
	mux.HandleFunc("GET /t/{slug}/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, _ := parseID(r.PathValue("id")) // 0 names no thread: 404
		a.Thread(w, r, id)
	})
	revisions := func(w http.ResponseWriter, r *http.Request) {
		id, _ := parseID(r.PathValue("id"))
		a.Revisions(w, r, id)
	}
	mux.HandleFunc("GET /p/{id}/revisions", revisions)
	mux.HandleFunc("GET /p/{id}/revisions.json", revisions)
}

func (h *harness) seed(ctx context.Context) {
	t := h.t
	topic := &forum.Topic{Title: "App Services", Slug: "app-services", Description: "Services apps build on."}
	if err := h.st.CreateTopic(ctx, topic); err != nil {
		t.Fatal(err)
	}
	h.sub = &forum.Subtopic{TopicID: topic.ID, Title: "Networking", Slug: "networking", Description: "Sockets and HTTP.",
		DocsTitle: "Networking guide", DocsURL: "https://docs.example.com/networking"}
	h.other = &forum.Subtopic{TopicID: topic.ID, Title: "Notifications", Slug: "notifications"}
	for _, s := range []*forum.Subtopic{h.sub, h.other} {
		if err := h.st.CreateSubtopic(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"urlsession", "swift"} {
		if err := h.st.CreateTag(ctx, &forum.Tag{Name: name, Description: "About " + name}); err != nil {
			t.Fatal(err)
		}
	}
	h.addUser("alice", forum.RoleMember)
	h.addUser("bob", forum.RoleMember)
	h.addUser("carol", forum.RoleStaff)
	h.addUser("maria", forum.RoleModerator)
}

// testPassword is every harness account's password.
const testPassword = "correct horse battery staple"

func (h *harness) addUser(name string, role forum.Role) *account {
	h.t.Helper()
	ctx := context.Background()
	u, err := h.svc.CreateUser(ctx, forum.SignUpInput{Username: name, Email: name + "@example.com",
		Password: testPassword}, role, "")
	if err != nil {
		h.t.Fatalf("create user %s: %v", name, err)
	}
	_, tok, err := h.svc.CreateToken(ctx, u, "tests")
	if err != nil {
		h.t.Fatalf("create token for %s: %v", name, err)
	}
	acc := &account{user: u, token: tok}
	h.users[name] = acc
	return acc
}

// session signs a user in with a cookie and returns it with a valid CSRF
// token for that session.
func (h *harness) session(name string) (cookie, csrf string) {
	h.t.Helper()
	c, err := h.svc.OpenSession(context.Background(), h.users[name].user, "test browser", "127.0.0.1")
	if err != nil {
		h.t.Fatal(err)
	}
	return c, h.csrf.Token(auth.HashSecret(c))
}

// thread starts a thread through the Service; replies are added in order.
func (h *harness) thread(author, title string, replies ...string) *forum.Written {
	h.t.Helper()
	ctx := context.Background()
	w, err := h.svc.CreateThread(ctx, h.users[author].user, forum.Client{}, forum.ThreadInput{
		Title: title, Subtopic: "networking", Tags: []string{"urlsession"}, Body: "How do I make this request work?"})
	if err != nil {
		h.t.Fatalf("create thread: %v", err)
	}
	for _, who := range replies {
		if _, err := h.svc.Reply(ctx, h.users[who].user, forum.Client{}, w.ThreadID, forum.ReplyInput{Body: "Reply from " + who}); err != nil {
			h.t.Fatalf("reply: %v", err)
		}
	}
	return w
}

// postID returns the id of post number n of a thread.
func (h *harness) postID(threadID int64, n int) int64 {
	h.t.Helper()
	tp, err := h.svc.ThreadPage(context.Background(), threadID, 1)
	if err != nil {
		h.t.Fatal(err)
	}
	for _, p := range tp.Posts {
		if p.Number == n {
			return p.ID
		}
	}
	h.t.Fatalf("thread %d has no post %d", threadID, n)
	return 0
}

// req describes one request. body is sent as JSON unless it is a string,
// which is sent as is.
type req struct {
	method, path string
	body         any
	as           string // user whose Bearer token to send; "" for none
	token        string // raw Bearer token, overriding as
	cookie, csrf string
	contentType  string // default application/json when there is a body
	header       http.Header
}

// response is what came back, already checked against the OpenAPI document.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

func (r *response) errorCode(t testing.TB) (string, map[string]string) {
	t.Helper()
	var e errorBody
	r.decode(t, &e)
	return e.Error.Code, e.Error.Fields
}

func (h *harness) do(rq req) *response {
	h.t.Helper()
	var raw []byte
	switch b := rq.body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			h.t.Fatal(err)
		}
	}
	var body io.Reader
	if raw != nil {
		body = bytes.NewReader(raw)
	}
	hr, err := http.NewRequest(rq.method, h.srv.URL+rq.path, body)
	if err != nil {
		h.t.Fatal(err)
	}
	for k, vs := range rq.header {
		hr.Header[k] = vs
	}
	if raw != nil {
		ct := rq.contentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if !strings.HasPrefix(rq.path, "/api/") {
		hr.Header.Set("Accept", "application/json")
	}
	switch {
	case rq.token != "":
		hr.Header.Set("Authorization", "Bearer "+rq.token)
	case rq.as != "":
		hr.Header.Set("Authorization", "Bearer "+h.users[rq.as].token)
	}
	if rq.cookie != "" {
		hr.AddCookie(&http.Cookie{Name: identity.SessionCookie, Value: rq.cookie})
	}
	if rq.csrf != "" {
		hr.Header.Set(identity.CSRFHeader, rq.csrf)
	}
	res, err := h.srv.Client().Do(hr)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	out := &response{status: res.StatusCode, header: res.Header}
	if out.body, err = io.ReadAll(res.Body); err != nil {
		h.t.Fatal(err)
	}
	h.validate(hr, raw, out)
	return out
}

// must is do that fails the test unless the status is want.
func (h *harness) must(want int, rq req) *response {
	h.t.Helper()
	res := h.do(rq)
	if res.status != want {
		h.t.Fatalf("%s %s: status %d, want %d; body %s", rq.method, rq.path, res.status, want, res.body)
	}
	return res
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
