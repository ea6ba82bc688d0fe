package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// TestTaxonomyAuthorizationMatrix opens every taxonomy page and submits
// every taxonomy and staff-menu form as every role: forbidden cells are
// 401 (signed out, or suspended) or 403 and change nothing (the audit log stays as it
// was), allowed ones succeed.
func TestTaxonomyAuthorizationMatrix(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	f.CreateUser("stella", forum.RoleStaff, "Support Engineer")
	f.CreateUser("mona", forum.RoleModerator, "")
	admin := f.CreateUser("ada", forum.RoleAdmin, "")
	clients := map[string]*forumtest.Client{"anonymous": f.NewClient()}
	member := f.NewClient()
	member.SignUp("member")
	clients["member"] = member
	clients["suspended"] = suspendedClient(t, f, admin, "suspended")
	for _, name := range []string{"stella", "mona", "ada"} {
		c := f.NewClient()
		c.SignIn(name, forumtest.Password)
		clients[name] = c
	}
	res := member.PostForm("/new", url.Values{"title": {"A thread for the staff menu"}, "subtopic": {"general"}, "body": {"Somewhere to pin, lock and move."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create thread: %d %s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	threadID := loc[strings.LastIndex(loc, "/")+1:]
	ctx := context.Background()
	sub, err := f.Service().SubtopicBySlug(ctx, "general")
	if err != nil {
		t.Fatal(err)
	}
	subID := itoa64(sub.ID)

	type route struct {
		name    string
		method  string
		path    string
		form    url.Values
		allowed []string
		status  int // of the allowed actor
	}
	routes := []route{
		{"topics page", "GET", "/admin/topics", nil, []string{"ada"}, 200},
		{"tags page", "GET", "/admin/tags", nil, []string{"mona", "ada"}, 200},
		{"create topic", "POST", "/admin/topics", url.Values{"title": {"Hardware"}}, []string{"ada"}, 303},
		{"create subtopic", "POST", "/admin/subtopics", url.Values{"topic": {"hardware"}, "title": {"Sensors"}}, []string{"ada"}, 303},
		{"edit subtopic page", "GET", "/admin/subtopics/" + subID, nil, []string{"ada"}, 200},
		{"edit subtopic", "POST", "/admin/subtopics/" + subID, url.Values{"topic": {"testing"}, "title": {"General"}, "slug": {"general"}, "description": {"Edited"}}, []string{"ada"}, 303},
		{"create tag", "POST", "/admin/tags", url.Values{"name": {"gamma"}}, []string{"mona", "ada"}, 303},
		{"edit tag page", "GET", "/admin/tags/gamma", nil, []string{"mona", "ada"}, 200},
		{"edit tag", "POST", "/admin/tags/gamma", url.Values{"name": {"gamma"}, "description": {"Third"}}, []string{"mona", "ada"}, 303},
		{"merge tag", "POST", "/admin/tags/gamma/merge", url.Values{"into": {"beta"}}, []string{"mona", "ada"}, 303},
		{"delete tag", "POST", "/admin/tags/beta/delete", url.Values{}, []string{"mona", "ada"}, 303},
		{"pin thread", "POST", "/t/" + threadID + "/control", url.Values{"action": {"pin"}}, []string{"stella", "mona", "ada"}, 303},
		{"unlist thread", "POST", "/t/" + threadID + "/control", url.Values{"action": {"unlist"}}, []string{"mona", "ada"}, 303},
		{"delete subtopic", "POST", "/admin/subtopics/" + subID + "/delete", url.Values{"move_to": {"sensors"}}, []string{"ada"}, 303},
	}
	audit := func() int {
		rows, err := f.Server.Store.AuditLog(ctx, forum.AuditFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return len(rows)
	}
	send := func(c *forumtest.Client, rt route) *forumtest.Response {
		if rt.method == "GET" {
			return c.Get(rt.path)
		}
		form := url.Values{}
		for k, v := range rt.form {
			form[k] = v
		}
		return c.PostForm(rt.path, form)
	}
	for _, rt := range routes {
		for _, role := range []string{"anonymous", "member", "suspended", "stella", "mona", "ada"} {
			ok := false
			for _, a := range rt.allowed {
				ok = ok || a == role
			}
			if ok {
				continue
			}
			want := http.StatusForbidden
			if role == "anonymous" || role == "suspended" {
				want = http.StatusUnauthorized // a suspended account's session no longer works
			}
			before := audit()
			if res := send(clients[role], rt); res.StatusCode != want {
				t.Errorf("%s as %s: status %d, want %d", rt.name, role, res.StatusCode, want)
			}
			if audit() != before {
				t.Errorf("%s as %s (refused) wrote to the audit log", rt.name, role)
			}
		}
		if res := send(clients[rt.allowed[0]], rt); res.StatusCode != rt.status {
			t.Errorf("%s as %s: status %d, want %d\n%.400s", rt.name, rt.allowed[0], res.StatusCode, rt.status, res.Body)
		}
	}
	assertCounters(t, f)
}

// TestTaxonomyForms: a clash comes back as a field error with the typed
// text, a renamed subtopic's old address redirects permanently, a stale
// edit is a 409 showing the current values, and the staff menu leaves a
// notice in the thread.
func TestTaxonomyForms(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	f.CreateUser("ada", forum.RoleAdmin, "")
	ada := f.NewClient()
	ada.SignIn("ada", forumtest.Password)
	ada.Get("/admin/topics")
	res := ada.PostForm("/admin/subtopics", url.Values{"topic": {"testing"}, "title": {"Typed title"}, "slug": {"general"}, "position": {"-2"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Position in its topic: must be ≥ 0") || !strings.Contains(res.Body, `value="Typed title"`) {
		t.Fatalf("bad subtopic: %d\n%s", res.StatusCode, res.Body)
	}
	res = ada.PostForm("/admin/subtopics", url.Values{"topic": {"testing"}, "title": {"Typed title"}, "slug": {"general"}})
	if !strings.Contains(res.Body, "slug already used by &#34;General&#34;") {
		t.Errorf("slug clash not explained:\n%s", res.Body)
	}
	sub, _ := f.Service().SubtopicBySlug(context.Background(), "general")
	edit := "/admin/subtopics/" + itoa64(sub.ID)
	ada.Get(edit)
	form := url.Values{"topic": {"testing"}, "title": {"Networking"}, "slug": {"networking"}, "version": {"1"}}
	if res := ada.PostForm(edit, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d %s", res.StatusCode, res.Body)
	}
	anon := f.NewClient()
	res = anon.Get("/c/general?sort=newest")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/c/networking?sort=newest" {
		t.Errorf("old address: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	form.Set("description", "from an old page")
	res = ada.PostForm(edit, form) // version 1 again
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Someone else changed this") || !strings.Contains(res.Body, "from an old page") {
		t.Errorf("stale edit: %d\n%.2000s", res.StatusCode, res.Body)
	}

	res = ada.PostForm("/new", url.Values{"title": {"Please lock this one"}, "subtopic": {"networking"}, "body": {"A thread to lock and move."}})
	path := res.Header.Get("Location")
	id := path[strings.LastIndex(path, "/")+1:]
	page := ada.Get(path)
	if !strings.Contains(page.Body, "Staff actions") {
		t.Fatal("no staff menu for an admin")
	}
	if res := ada.PostForm("/t/"+id+"/control", url.Values{"action": {"lock"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lock: %d", res.StatusCode)
	}
	page = anon.Get(path)
	if !strings.Contains(page.Body, "Locked by") || !strings.Contains(page.Body, `class="staff-notice"`) {
		t.Errorf("no notice in the thread:\n%s", page.Body)
	}
	if strings.Contains(page.Body, "Staff actions") {
		t.Error("a signed-out visitor sees the staff menu")
	}
	if res := anon.Get("/tags"); res.StatusCode != 200 || !strings.Contains(res.Body, "alpha") {
		t.Errorf("/tags: %d", res.StatusCode)
	}
	assertCounters(t, f)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// TestDescriptionsShowAsMarkdown: a topic's and a subtopic's Markdown
// description is shown rendered and sanitized on the home page and the
// subtopic's page, and as plain text in the page's meta description.
func TestDescriptionsShowAsMarkdown(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	ada := f.CreateUser("ada", forum.RoleAdmin, "")
	ctx := context.Background()
	if _, err := f.Service().SaveTopic(ctx, ada, forum.Client{}, forum.TopicInput{Title: "Hardware",
		Description: "Boards *and* sensors <script>alert(1)</script>"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Service().SaveSubtopic(ctx, ada, forum.Client{}, forum.SubtopicInput{Topic: "hardware", Title: "Sensors",
		Description: "Read **the datasheet** first.\n\n[Vendor](https://example.com/vendor)"}); err != nil {
		t.Fatal(err)
	}
	anon := f.NewClient()
	home := anon.Get("/")
	for _, want := range []string{"Boards <em>and</em> sensors", "Read <strong>the datasheet</strong> first.", `href="https://example.com/vendor"`} {
		if !strings.Contains(home.Body, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	if strings.Contains(home.Body, "<script>alert(1)") || strings.Contains(home.Body, "**the datasheet**") {
		t.Error("home page shows a description's source or unsanitized HTML")
	}
	page := anon.Get("/c/sensors")
	if page.StatusCode != 200 || !strings.Contains(page.Body, "Read <strong>the datasheet</strong> first.") {
		t.Errorf("subtopic page: %d, description not rendered\n%.3000s", page.StatusCode, page.Body)
	}
	if !strings.Contains(page.Body, `<meta name="description" content="Read the datasheet first.`) {
		t.Error("the subtopic's meta description is not its plain text")
	}
	// A plain-text description (as the demo's) reads as it did.
	if !strings.Contains(home.Body, "<p>Anything at all.</p>") {
		t.Error("a plain-text description is not shown as its paragraph")
	}
}

// TestThreadControlTagRules: the staff menu's move and retag forms keep
// to the subtopic's tag rules, answering a field error that names the rule.
func TestThreadControlTagRules(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	ada := f.CreateUser("ada", forum.RoleAdmin, "")
	ctx := context.Background()
	if _, err := f.Service().SaveSubtopic(ctx, ada, forum.Client{}, forum.SubtopicInput{Topic: "testing", Title: "Sensors",
		RequireTag: true, AllowedTags: []string{"alpha"}}); err != nil {
		t.Fatal(err)
	}
	admin := f.NewClient()
	admin.SignIn("ada", forumtest.Password)
	res := admin.PostForm("/new", url.Values{"title": {"A thread without tags"}, "subtopic": {"general"}, "body": {"Somewhere to move it from."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create thread: %d %s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	control := "/t/" + loc[strings.LastIndex(loc, "/")+1:] + "/control"
	admin.Get(loc)
	res = admin.PostForm(control, url.Values{"action": {"move"}, "subtopic": {"sensors"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "<code>subtopic</code> Sensors needs at least one tag") {
		t.Errorf("move of an untagged thread into Sensors: %d\n%.2000s", res.StatusCode, res.Body)
	}
	res = admin.PostForm(control, url.Values{"action": {"tags"}, "tags": {"beta"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retag in General: %d", res.StatusCode)
	}
	res = admin.PostForm(control, url.Values{"action": {"move"}, "subtopic": {"sensors"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "is not used in Sensors (allowed: alpha)") {
		t.Errorf("move of a thread tagged beta into Sensors: %d\n%.2000s", res.StatusCode, res.Body)
	}
	if res := admin.PostForm(control, url.Values{"action": {"tags"}, "tags": {"alpha"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retag to alpha: %d", res.StatusCode)
	}
	if res := admin.PostForm(control, url.Values{"action": {"move"}, "subtopic": {"sensors"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move within the rules: %d %.1000s", res.StatusCode, res.Body)
	}
	res = admin.PostForm(control, url.Values{"action": {"tags"}, "tags": {"beta"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "<code>tags</code> &#34;beta&#34; is not used in Sensors") {
		t.Errorf("retag in Sensors against its list: %d\n%.2000s", res.StatusCode, res.Body)
	}
	assertCounters(t, f)
}
