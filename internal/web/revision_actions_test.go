package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// TestRevisionActionsForms checks the HTML forms that redact and hide one
// version: staff only, CSRF required, back to the revisions page, and the
// public page no longer shows what was removed.
func TestRevisionActionsForms(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	author := f.CreateUser("paula", forum.RoleMember, "")
	f.CreateUser("stella", forum.RoleStaff, "Support")
	mod := f.CreateUser("mona", forum.RoleModerator, "")
	ctx := context.Background()
	w, err := f.Service().CreateThread(ctx, author, forum.Client{}, forum.ThreadInput{Title: "Proxy refuses my login",
		Subtopic: "general", Body: "Log: user paula.p@example.net refused"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Service().EditPost(ctx, mod, w.PostID, forum.EditInput{Body: "Log removed by a moderator."}); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/p/%d/revisions", w.PostID)

	member := f.NewClient()
	member.SignIn("paula", forumtest.Password)
	if res := member.PostForm(base+"/1/redact", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("the author redacting one version: %d, want 403", res.StatusCode)
	}
	staff := f.NewClient()
	staff.SignIn("stella", forumtest.Password)
	if res := staff.PostForm(base+"/1/redact", url.Values{"csrf": {""}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("without CSRF: %d, want 403", res.StatusCode)
	}
	if res := staff.PostForm(base+"/2/hide", url.Values{}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("hiding the current version: %d, want 400", res.StatusCode)
	}
	res := staff.PostForm(base+"/1/redact", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != base+"#rev-1" {
		t.Fatalf("staff redacting: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	anon := f.NewClient()
	if page := anon.Get(base); strings.Contains(page.Body, "paula.p@example.net") {
		t.Errorf("the public revisions page still shows the address")
	}
	if res := staff.PostForm(base+"/1/hide", url.Values{"on": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("staff hiding: %d", res.StatusCode)
	}
	if page := anon.Get(base); strings.Contains(page.Body, "Log: user") {
		t.Errorf("the public revisions page shows the hidden version's text")
	}
}
