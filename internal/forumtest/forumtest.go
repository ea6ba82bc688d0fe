// Package forumtest is the test harness: a fully wired parley on a real
// database in a temporary folder behind httptest, plus a small browser-like
// client that keeps cookies and reads CSRF tokens from forms. Tests of the
// HTML and JSON surfaces use it; it is never linked into the binary.
package forumtest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/app"
	"github.com/parley-forum/parley/internal/config"
	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/testenv"
)

// Options adjust the harness.
type Options struct {
	Demo        bool   // load the demo community
	RateLimits  bool   // keep rate limits on (off by default so tests run fast)
	DatabaseURL string // default: a SQLite file in t.TempDir()
	// Env sets further PARLEY_* variables, e.g. PARLEY_REQUEST_LIMIT.
	Env map[string]string
	// WrapStore, when set, wraps the store the Service uses (fault
	// injection, see internal/faults).
	WrapStore func(forum.Store) forum.Store
}

// Forum is a running test instance.
type Forum struct {
	T      testing.TB
	Server *app.Server
	HTTP   *httptest.Server
	URL    string
}

// Start builds and serves a parley instance for the test.
func Start(t testing.TB, opt Options) *Forum {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	env := map[string]string{
		"PARLEY_DATA_DIR":    dir,
		"PARLEY_RATE_LIMITS": "off",
		"PARLEY_NO_DEMO":     "true",
		"PARLEY_BASE_URL":    "http://forum.test",
		"PARLEY_VIEW_FLUSH":  "1h",
	}
	if opt.Demo {
		env["PARLEY_NO_DEMO"] = "false"
	}
	if opt.RateLimits {
		env["PARLEY_RATE_LIMITS"] = "on"
	}
	for k, v := range opt.Env {
		env[k] = v
	}
	env["PARLEY_DATABASE_URL"] = opt.DatabaseURL
	if opt.DatabaseURL == "" {
		env["PARLEY_DATABASE_URL"] = filepath.Join(dir, "parley.db")
	}
	cfg, _, err := config.Load(newFlagSet(), nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	testenv.RanOnDatabase(t, cfg.DatabaseURL)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	build := app.Build
	if opt.WrapStore != nil {
		build = func(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*app.Server, error) {
			return app.BuildWrapped(ctx, cfg, logger, opt.WrapStore)
		}
	}
	srv, err := build(ctx, cfg, logger)
	if err != nil {
		t.Fatalf("build parley: %v", err)
	}
	hs := httptest.NewServer(srv.Handler)
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
	})
	return &Forum{T: t, Server: srv, HTTP: hs, URL: hs.URL}
}

// Service is the instance's domain service, for arranging fixtures.
func (f *Forum) Service() *forum.Service { return f.Server.Service }

// Client is a cookie-keeping HTTP client that does not follow redirects,
// so tests can assert on them.
type Client struct {
	F    *Forum
	HTTP *http.Client
	CSRF string
}

// NewClient makes a signed-out client.
func (f *Forum) NewClient() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{F: f, HTTP: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Response is a read response.
type Response struct {
	*http.Response
	Body string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// Do sends a request and reads the whole body; it remembers the newest
// CSRF token seen in a page.
func (c *Client) Do(req *http.Request) *Response {
	c.F.T.Helper()
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.F.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.F.T.Fatalf("read %s: %v", req.URL, err)
	}
	out := &Response{Response: res, Body: string(b)}
	if m := csrfField.FindStringSubmatch(out.Body); m != nil {
		c.CSRF = m[1]
	}
	return out
}

// Get fetches a path.
func (c *Client) Get(path string) *Response {
	c.F.T.Helper()
	req, err := http.NewRequest(http.MethodGet, c.F.URL+path, nil)
	if err != nil {
		c.F.T.Fatal(err)
	}
	return c.Do(req)
}

// PostForm submits a form, adding the client's CSRF token unless the
// values already carry a "csrf" key (set it to "" to send none).
func (c *Client) PostForm(path string, v url.Values) *Response {
	c.F.T.Helper()
	if _, ok := v["csrf"]; !ok {
		v.Set("csrf", c.CSRF)
	}
	req, err := http.NewRequest(http.MethodPost, c.F.URL+path, strings.NewReader(v.Encode()))
	if err != nil {
		c.F.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// SignUp creates an account through the HTML form and signs it in (sign-up
// itself opens no session, so it cannot tell whether the address was new).
func (c *Client) SignUp(username string) {
	c.F.T.Helper()
	c.Get("/signup")
	res := c.PostForm("/signup", url.Values{"username": {username}, "email": {username + "@example.com"},
		"password": {"correct horse battery"}, "display_name": {strings.ToUpper(username[:1]) + username[1:]}})
	if res.StatusCode != http.StatusSeeOther {
		c.F.T.Fatalf("sign up %s: status %d\n%s", username, res.StatusCode, res.Body)
	}
	c.SignIn(username, Password)
}

// Password is the password SignUp uses.
const Password = "correct horse battery"

// SignIn signs in through the HTML form.
func (c *Client) SignIn(login, password string) {
	c.F.T.Helper()
	c.Get("/signin")
	res := c.PostForm("/signin", url.Values{"login": {login}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther {
		c.F.T.Fatalf("sign in %s: status %d\n%.500s", login, res.StatusCode, res.Body)
	}
	c.Get("/")
}

// CreateUser makes an account of any role directly through the service.
func (f *Forum) CreateUser(username string, role forum.Role, title string) *forum.User {
	f.T.Helper()
	u, err := f.Server.Service.CreateUser(context.Background(), forum.SignUpInput{Username: username,
		Email: username + "@example.com", Password: Password}, role, title)
	if err != nil {
		f.T.Fatalf("create user %s: %v", username, err)
	}
	return u
}

// Seed creates one topic with a subtopic "general" and tags "alpha",
// "beta" for forums started without the demo.
func (f *Forum) Seed() {
	f.T.Helper()
	ctx := context.Background()
	st := f.Server.Store
	topic := &forum.Topic{Title: "Testing", Slug: "testing"}
	if err := st.CreateTopic(ctx, topic); err != nil {
		f.T.Fatal(err)
	}
	if err := st.CreateSubtopic(ctx, &forum.Subtopic{TopicID: topic.ID, Title: "General", Slug: "general", Description: "Anything at all."}); err != nil {
		f.T.Fatal(err)
	}
	for _, name := range []string{"alpha", "beta"} {
		if err := st.CreateTag(ctx, &forum.Tag{Name: name}); err != nil {
			f.T.Fatal(err)
		}
	}
}
