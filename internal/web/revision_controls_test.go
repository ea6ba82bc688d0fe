package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

var (
	formRe   = regexp.MustCompile(`(?s)<form method="post" action="([^"]+)"[^>]*>(.*?)</form>`)
	hiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
)

// pageForm finds the form on body that posts to action and returns its
// hidden fields, as a browser would submit them.
func pageForm(t *testing.T, body, action string) url.Values {
	t.Helper()
	for _, m := range formRe.FindAllStringSubmatch(body, -1) {
		if html.UnescapeString(m[1]) != action {
			continue
		}
		v := url.Values{}
		for _, h := range hiddenRe.FindAllStringSubmatch(m[2], -1) {
			v.Set(h[1], html.UnescapeString(h[2]))
		}
		return v
	}
	t.Fatalf("no form posts to %s", action)
	return nil
}

// TestRevisionModerationControls: staff see redact and hide controls on
// every earlier version (not the current one), members and signed-out
// visitors do not; the page's own forms, with their CSRF token, hide,
// show and redact a version and return to the same page at that version;
// a form without the token changes nothing; a hidden version reads
// "hidden by staff" to everyone else.
func TestRevisionModerationControls(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{Env: map[string]string{"PARLEY_PUBLIC_REVISIONS": "true"}})
	id := revisedPost(t, f, 12)
	f.CreateUser("stella", forum.RoleStaff, "Support")
	path := "/p/" + strconv.FormatInt(id, 10) + "/revisions"
	staff := f.NewClient()
	staff.SignIn("stella", forumtest.Password)
	member := f.NewClient()
	member.SignUp("reader")
	anon := f.NewClient()

	first := staff.Get(path)
	for _, want := range []string{path + "/11/redact", path + "/11/hide", path + "/3/hide", "Redact private data", "<details"} {
		if !strings.Contains(first.Body, `action="`+want+`"`) && !strings.Contains(first.Body, want) {
			t.Errorf("staff page 1 lacks %q", want)
		}
	}
	if strings.Contains(first.Body, path+"/12/") {
		t.Error("the current version offers redact or hide (staff edit the post instead)")
	}
	for who, c := range map[string]*forumtest.Client{"member": member, "signed out": anon} {
		if body := c.Get(path).Body; strings.Contains(body, "/redact") || strings.Contains(body, "/hide") {
			t.Errorf("%s sees revision controls", who)
		}
	}

	second := staff.Get(path + "?page=2")
	hide := pageForm(t, second.Body, path+"/2/hide")
	noToken := url.Values{"page": hide["page"], "on": hide["on"], "csrf": {""}}
	if res := staff.PostForm(path+"/2/hide", noToken); res.StatusCode != http.StatusForbidden {
		t.Errorf("hiding without the CSRF token: %d, want 403", res.StatusCode)
	}
	if body := member.Get(path + "?version=2").Body; !strings.Contains(body, "In version 2 the second") {
		t.Fatal("a form without the CSRF token hid the version")
	}
	res := staff.PostForm(path+"/2/hide", hide)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path+"?page=2#rev-2" {
		t.Fatalf("hiding from page 2: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	for who, c := range map[string]*forumtest.Client{"member": member, "signed out": anon} {
		body := c.Get(path + "?page=2").Body
		if !strings.Contains(body, "hidden by staff") || strings.Contains(body, "In version <mark>2</mark>") {
			t.Errorf("%s: version 2 is not shown as hidden by staff", who)
		}
		if v := c.Get(path + "?version=2").Body; strings.Contains(v, "In version 2 the second") || !strings.Contains(v, "hidden by staff") {
			t.Errorf("%s: ?version=2 shows the hidden text", who)
		}
	}
	second = staff.Get(path + "?page=2")
	show := pageForm(t, second.Body, path+"/2/hide")
	if show.Get("on") != "0" || !strings.Contains(second.Body, ">Show<") {
		t.Fatalf("staff get no Show control for the hidden version: %v", show)
	}
	if res := staff.PostForm(path+"/2/hide", show); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("showing: %d", res.StatusCode)
	}
	if body := member.Get(path + "?version=2").Body; !strings.Contains(body, "In version 2 the second") {
		t.Error("version 2 is still hidden after Show")
	}

	// Redact from the page's own form.
	ctx := context.Background()
	author := f.CreateUser("paula", forum.RoleMember, "")
	mod := f.CreateUser("mona", forum.RoleModerator, "")
	w, err := f.Service().CreateThread(ctx, author, forum.Client{IP: "192.0.2.1"}, forum.ThreadInput{Title: "My proxy log",
		Subtopic: "general", Body: "Log: user paula.p@example.net refused"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Service().EditPost(ctx, mod, w.PostID, forum.EditInput{Body: "Log removed by a moderator."}); err != nil {
		t.Fatal(err)
	}
	leaky := fmt.Sprintf("/p/%d/revisions", w.PostID)
	redact := pageForm(t, staff.Get(leaky).Body, leaky+"/1/redact")
	if res := staff.PostForm(leaky+"/1/redact", redact); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != leaky+"#rev-1" {
		t.Fatalf("redacting: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if body := anon.Get(leaky).Body; strings.Contains(body, "paula.p@example.net") || !strings.Contains(body, "Log: user") {
		t.Error("the redacted version still shows the address (or lost the rest of its text)")
	}
}
