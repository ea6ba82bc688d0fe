package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// adminClients signs in one client per role, plus a signed-out one and
// one of a suspended account (its session no longer works).
func adminClients(t *testing.T, f *forumtest.Forum) map[string]*forumtest.Client {
	t.Helper()
	f.CreateUser("stella", forum.RoleStaff, "Support Engineer")
	f.CreateUser("mona", forum.RoleModerator, "")
	ada := f.CreateUser("ada", forum.RoleAdmin, "")
	clients := map[string]*forumtest.Client{"anonymous": f.NewClient()}
	m := f.NewClient()
	m.SignUp("member")
	clients["member"] = m
	clients["suspended"] = suspendedClient(t, f, ada, "suspended")
	for role, name := range map[string]string{"staff": "stella", "moderator": "mona", "admin": "ada"} {
		c := f.NewClient()
		c.SignIn(name, forumtest.Password)
		clients[role] = c
	}
	return clients
}

var versionField = regexp.MustCompile(`name="([vh])_([a-z_]+)" value="([0-9a-f]+)"`)

// settingsForm reads the admin's settings form: each setting's version.
func settingsForm(t *testing.T, c *forumtest.Client) url.Values {
	t.Helper()
	res := c.Get("/admin/settings")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("settings page: %d", res.StatusCode)
	}
	v := url.Values{}
	for _, m := range versionField.FindAllStringSubmatch(res.Body, -1) {
		v.Set(m[1]+"_"+m[2], m[3])
	}
	return v
}

// TestAdminAuthorizationMatrix tries every admin route as every role: the
// forbidden cells answer 401 (signed out) or 403 and change nothing.
func TestAdminAuthorizationMatrix(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	clients := adminClients(t, f)
	ctx := context.Background()
	ada, _ := f.Service().UserByName(ctx, "ada")
	setUp, err := f.Service().AuditLog(ctx, ada, forum.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, path string
		want         map[string]int // by role
	}{
		{"GET", "/admin", map[string]int{"anonymous": 401, "suspended": 401, "member": 403, "staff": 403, "moderator": 200, "admin": 200}},
		{"GET", "/admin/settings", map[string]int{"anonymous": 401, "suspended": 401, "member": 403, "staff": 403, "moderator": 403, "admin": 200}},
		{"POST", "/admin/settings", map[string]int{"anonymous": 401, "suspended": 401, "member": 403, "staff": 403, "moderator": 403, "admin": 303}},
		{"GET", "/admin/log", map[string]int{"anonymous": 401, "suspended": 401, "member": 403, "staff": 403, "moderator": 200, "admin": 200}},
		{"GET", "/admin/log.json", map[string]int{"anonymous": 401, "suspended": 401, "member": 403, "staff": 403, "moderator": 200, "admin": 200}},
		{"GET", "/admin/log.csv", map[string]int{"anonymous": 401, "suspended": 401, "member": 403, "staff": 403, "moderator": 200, "admin": 200}},
		// The email outbox: addresses and SMTP errors, administrators only.
		{"GET", "/admin/email", map[string]int{"anonymous": 401, "suspended": 401, "member": 403, "staff": 403, "moderator": 403, "admin": 200}},
		{"GET", "/admin/email?status=failed", map[string]int{"anonymous": 401, "suspended": 401, "member": 403, "staff": 403, "moderator": 403, "admin": 200}},
		// Password reset is open to all; this forum has no SMTP server.
		{"GET", "/forgot", map[string]int{"anonymous": 200, "suspended": 200, "member": 200, "staff": 200, "moderator": 200, "admin": 200}},
		{"POST", "/forgot", map[string]int{"anonymous": 503, "suspended": 503, "member": 503, "staff": 503, "moderator": 503, "admin": 503}},
		{"POST", "/account/feed-token", map[string]int{"anonymous": 401, "suspended": 401, "member": 200, "staff": 200, "moderator": 200, "admin": 200}},
		// Setup is over (an administrator exists): refused for everyone.
		{"POST", "/setup", map[string]int{"anonymous": 422, "suspended": 422, "member": 422, "staff": 422, "moderator": 422, "admin": 422}},
	}
	for _, tc := range cases {
		for _, role := range matrixActors {
			t.Run(role+" "+tc.method+" "+tc.path, func(t *testing.T) {
				c := clients[role]
				var res *forumtest.Response
				if tc.method == "GET" {
					res = c.Get(tc.path)
				} else {
					if role == "anonymous" || role == "suspended" {
						c.Get("/signin") // an anonymous CSRF token (a suspended account's session is over)
					}
					form := url.Values{"tagline": {"Changed by " + role}, "code": {"AAAA-BBBB-CCCC-DDDD"}, "forum_name": {"Taken"},
						"username": {"taker" + role}, "email": {"taker" + role + "@example.com"}, "password": {"correct horse battery"}}
					res = c.PostForm(tc.path, form)
				}
				if res.StatusCode != tc.want[role] {
					t.Fatalf("status %d, want %d\n%.400s", res.StatusCode, tc.want[role], res.Body)
				}
			})
		}
	}
	// Only the administrator's save happened, and only it is in the log.
	site := f.Service().Site()
	if site.Tagline != "Changed by admin" {
		t.Errorf("tagline %q after the matrix", site.Tagline)
	}
	log, err := f.Service().AuditLog(ctx, ada, forum.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != len(setUp)+1 || log[0].Action != "setting.change" || log[0].ActorName != "ada" {
		t.Fatalf("audit log after the matrix: %+v", log)
	}
	for _, role := range matrixActors {
		if _, err := f.Service().UserByName(context.Background(), "taker"+role); err == nil {
			t.Errorf("a refused setup as %s created its account", role)
		}
	}
}

// TestSettingsSaveAndConflict saves through the form, shows a field error
// with the typed text, and refuses a stale form with 409 naming the other
// change, while a concurrent edit of a different field goes through.
func TestSettingsSaveAndConflict(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	clients := adminClients(t, f)
	ada := clients["admin"]
	stale := settingsForm(t, ada) // a second tab, loaded now

	form := settingsForm(t, ada)
	form.Set("name", "Platform Forum")
	form.Set("title_max", "10")
	res := ada.PostForm("/admin/settings", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "must be between 20 and 500") ||
		!strings.Contains(res.Body, `value="Platform Forum"`) {
		t.Fatalf("bad title_max: %d\n%.600s", res.StatusCode, res.Body)
	}
	if f.Service().Site().Name != "Parley" {
		t.Fatal("a refused save changed the name")
	}
	form.Set("title_max", "120")
	if res := ada.PostForm("/admin/settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%.600s", res.StatusCode, res.Body)
	}
	if got := f.Service().Limits().TitleMax; got != 120 {
		t.Fatalf("title limit %d after the save, want 120", got)
	}
	if !strings.Contains(clients["anonymous"].Get("/").Body, "<title>Developer Forums · Platform Forum</title>") {
		t.Fatal("the home page does not carry the new name")
	}

	// The stale tab changes another field: fine.
	other := url.Values{"v_tagline": {stale.Get("v_tagline")}, "tagline": {"For our platform teams"}}
	if res := ada.PostForm("/admin/settings", other); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("different field from a stale tab: %d\n%.600s", res.StatusCode, res.Body)
	}
	// The stale tab sends the whole form back, name untouched as it showed
	// it: the name is left alone, not undone and not a conflict.
	whole := url.Values{"v_name": {stale.Get("v_name")}, "h_name": {stale.Get("h_name")}, "name": {"Parley"},
		"v_description": {stale.Get("v_description")}, "h_description": {stale.Get("h_description")}, "description": {"About us"},
		"v_login_required": {stale.Get("v_login_required")}, "h_login_required": {stale.Get("h_login_required")}}
	if res := ada.PostForm("/admin/settings", whole); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("whole stale form with the name untouched: %d\n%.600s", res.StatusCode, res.Body)
	}
	if got := f.Service().Site().Name; got != "Platform Forum" {
		t.Fatalf("an untouched field of a stale form undid the name: %q", got)
	}
	// The stale tab changes the name saved meanwhile: refused.
	name := url.Values{"v_name": {stale.Get("v_name")}, "name": {"Old Tab Name"}}
	res = ada.PostForm("/admin/settings", name)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Platform Forum") || !strings.Contains(res.Body, "Old Tab Name") {
		t.Fatalf("stale name: %d\n%.800s", res.StatusCode, res.Body)
	}
	if got := f.Service().Site().Name; got != "Platform Forum" {
		t.Fatalf("name %q after a stale save", got)
	}
	u, _ := f.Service().UserByName(context.Background(), "ada")
	log, _ := f.Service().AuditLog(context.Background(), u, forum.AuditFilter{Action: "setting."})
	if len(log) != 4 {
		t.Fatalf("%d audit rows, want 4 (name, title_max, tagline, description): %+v", len(log), log)
	}
	page := ada.Get("/admin/log?actor=ada&action=setting.change")
	for _, want := range []string{"<del>Parley</del> → <ins>Platform Forum", "<del>200</del> → <ins>120", "For our platform teams"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	if res := ada.Get("/admin/log?from=yesterday"); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "must be a date") {
		t.Errorf("bad date filter: %d", res.StatusCode)
	}
	csv := ada.Get("/admin/log.csv?target=setting")
	if !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || strings.Count(csv.Body, "\n") != 5 {
		t.Errorf("CSV export: %s\n%s", csv.Header.Get("Content-Type"), csv.Body)
	}
}

// TestPrivateForum makes the forum login-required: signed-out requests
// for pages, twins, feeds, search and the sitemap are refused, a feed link
// opens the feeds, and the legal pages and sign-in stay open.
func TestPrivateForum(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	clients := adminClients(t, f)
	anon := clients["anonymous"]
	if res := anon.Get("/latest"); res.StatusCode != 200 {
		t.Fatalf("public latest: %d", res.StatusCode) // cached now
	}
	form := settingsForm(t, clients["admin"])
	form.Set("login_required", "true")
	form.Set("page_about", "# About us\n\nWe build the platform.")
	if res := clients["admin"].PostForm("/admin/settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	for path, want := range map[string]int{"/": 303, "/latest": 303, "/c/general": 303, "/search?q=x": 303,
		"/latest.json": 401, "/latest.rss": 401, "/c/general.atom": 401, "/sitemap.xml": 401, "/api/me": 401,
		"/api/admin/log": 401, "/about": 200, "/signin": 200, "/guidelines": 200} {
		if res := anon.Get(path); res.StatusCode != want {
			t.Errorf("signed-out %s: %d, want %d", path, res.StatusCode, want)
		}
	}
	if res := anon.Get("/about"); !strings.Contains(res.Body, "We build the platform.") {
		t.Error("the About page lacks its text")
	}
	m := clients["member"]
	if res := m.Get("/latest"); res.StatusCode != 200 {
		t.Fatalf("member's latest: %d", res.StatusCode)
	}
	res := m.PostForm("/account/feed-token", url.Values{})
	tok := regexp.MustCompile(`feed_token=(feed_[A-Za-z0-9_-]+)`).FindStringSubmatch(res.Body)
	if tok == nil {
		t.Fatalf("no feed link on the account page:\n%.600s", res.Body)
	}
	if res := anon.Get("/latest.rss?feed_token=" + tok[1]); res.StatusCode != 200 || !strings.Contains(res.Body, "<rss") {
		t.Fatalf("feed with its token: %d", res.StatusCode)
	}
	if res := anon.Get("/latest.rss?feed_token=feed_wrong"); res.StatusCode != 401 {
		t.Fatalf("feed with a wrong token: %d", res.StatusCode)
	}
	if res := anon.Get("/latest?feed_token=" + tok[1]); res.StatusCode != 303 {
		t.Fatalf("a feed token opened a page: %d", res.StatusCode)
	}
}

// TestSignUpDomains enforces the allowed and blocked domains with a
// field-level error that keeps what was typed.
func TestSignUpDomains(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	clients := adminClients(t, f)
	form := settingsForm(t, clients["admin"])
	form.Set("allowed_email_domains", "example.com, Corp.Example")
	form.Set("blocked_email_domains", "old.example.com")
	if res := clients["admin"].PostForm("/admin/settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	c := f.NewClient()
	c.Get("/signup")
	for email, want := range map[string]string{"x@gmail.example": "must be an address at example.com or corp.example",
		"x@old.example.com": "cannot be used to sign up here"} {
		res := c.PostForm("/signup", url.Values{"username": {"newbie"}, "email": {email}, "password": {"correct horse battery"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, want) || !strings.Contains(res.Body, `value="`+email+`"`) {
			t.Errorf("%s: %d\n%.500s", email, res.StatusCode, res.Body)
		}
	}
	res := c.PostForm("/signup", url.Values{"username": {"newbie"}, "email": {"x@dev.corp.example"}, "password": {"correct horse battery"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("allowed subdomain: %d", res.StatusCode)
	}
}

// TestFirstRunSetup walks an empty forum's setup page: a wrong code is a
// field error, the right one makes the administrator who lands in /admin,
// and the page never comes back.
func TestFirstRunSetup(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	code, err := f.Service().PrepareSetup(context.Background())
	if err != nil || code == "" {
		t.Fatalf("setup code %q, %v", code, err)
	}
	c := f.NewClient()
	if res := c.Get("/"); res.StatusCode != 200 || !strings.Contains(res.Body, "Set up your forum") {
		t.Fatalf("home of an empty forum: %d\n%.300s", res.StatusCode, res.Body)
	}
	form := url.Values{"code": {"WRONG-CODE"}, "forum_name": {"Acme Developers"}, "username": {"oskar"},
		"email": {"oskar@example.com"}, "password": {"correct horse battery"}}
	res := c.PostForm("/setup", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "is not the setup code") ||
		!strings.Contains(res.Body, `value="Acme Developers"`) {
		t.Fatalf("wrong code: %d\n%.500s", res.StatusCode, res.Body)
	}
	form.Set("code", strings.ToLower(code)+" ")
	form.Set("csrf", c.CSRF)
	res = c.PostForm("/setup", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("the code is case-sensitive as printed; got %d", res.StatusCode)
	}
	form.Set("code", code)
	form.Set("csrf", c.CSRF)
	res = c.PostForm("/setup", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin?welcome=1" {
		t.Fatalf("setup: %d %s\n%.500s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	home := c.Get("/admin?welcome=1")
	if home.StatusCode != 200 || !strings.Contains(home.Body, "Create the first topics and subtopics") {
		t.Fatalf("admin home after setup: %d", home.StatusCode)
	}
	if f.Service().Site().Name != "Acme Developers" || f.Service().NeedsSetup() {
		t.Fatal("setup did not name the forum or end")
	}
	other := f.NewClient()
	if res := other.Get("/"); strings.Contains(res.Body, "Set up your forum") {
		t.Fatal("the setup page is still shown")
	}
	other.Get("/signin")
	form.Set("username", "mallory")
	form.Set("email", "mallory@example.com")
	form.Set("csrf", other.CSRF)
	if res := other.PostForm("/setup", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a second setup with the spent code: %d", res.StatusCode)
	}
}

// TestOptionWinsOverSetting: a start-up option given by variable wins
// over the stored setting, and the settings page says so; the home page
// layout setting switches "/" to the latest threads.
func TestOptionWinsOverSetting(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Env: map[string]string{"PARLEY_TITLE_MAX": "300"}})
	f.Seed()
	clients := adminClients(t, f)
	ada := clients["admin"]
	page := ada.Get("/admin/settings")
	if !strings.Contains(page.Body, "Set by --title-max / PARLEY_TITLE_MAX") || !strings.Contains(page.Body, "<code>300</code> is in force") {
		t.Fatalf("the settings page does not name the option that wins:\n%.300s", page.Body)
	}
	form := settingsForm(t, ada)
	form.Set("title_max", "100")
	form.Set("home_layout", "latest")
	if res := ada.PostForm("/admin/settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%.500s", res.StatusCode, res.Body)
	}
	if got := f.Service().Limits().TitleMax; got != 300 {
		t.Fatalf("title limit %d, want the option's 300", got)
	}
	home := clients["anonymous"].Get("/")
	if home.StatusCode != 200 || !strings.Contains(home.Body, "<h1>Latest</h1>") {
		t.Fatalf("home with the latest layout: %d\n%.400s", home.StatusCode, home.Body)
	}
}

// TestClosedRegistration: a closed forum shows no sign-up form and
// refuses a sign-up posted anyway, creating nothing.
func TestClosedRegistration(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	clients := adminClients(t, f)
	form := settingsForm(t, clients["admin"])
	form.Set("registration", "closed")
	if res := clients["admin"].PostForm("/admin/settings", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	c := f.NewClient()
	page := c.Get("/signup")
	if !strings.Contains(page.Body, "not taking new accounts") || strings.Contains(page.Body, `action="/signup"`) {
		t.Fatalf("closed sign-up page:\n%.500s", page.Body)
	}
	c.Get("/signin") // the form token of this visitor
	res := c.PostForm("/signup", url.Values{"username": {"latecomer"}, "email": {"late@example.com"}, "password": {"correct horse battery"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "not taking new accounts") {
		t.Fatalf("sign-up on a closed forum: %d", res.StatusCode)
	}
	if _, err := f.Service().UserByName(context.Background(), "latecomer"); err == nil {
		t.Fatal("a closed forum created an account")
	}
}

// TestSettingsPageSaysWhichVerification: without an SMTP server the
// settings page says email verification is off, whatever the setting.
func TestSettingsPageSaysWhichVerification(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	clients := adminClients(t, f)
	page := clients["admin"].Get("/admin/settings")
	if !strings.Contains(page.Body, "In force now: <strong>off (no SMTP server is configured, so no email is sent)</strong>") {
		t.Errorf("the settings page does not say which verification is in force:\n%.300s", page.Body)
	}
}
