package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// csrfValue matches the per-visitor CSRF token in a form.
var csrfValue = regexp.MustCompile(`(name="csrf" value|name="csrf-token" content)="[^"]*"`)

// TestSignUpAnswersEveryAddressAlike checks that signing up with a
// registered email address gets the same status, redirect, cookies and
// following page as signing up with a free one, so the form cannot be used
// to learn who has an account; a taken username is still reported.
func TestSignUpAnswersEveryAddressAlike(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.CreateUser("olivia", forum.RoleMember, "")
	signUp := func(username, email string) (*forumtest.Response, *forumtest.Response) {
		c := f.NewClient()
		c.Get("/signup")
		res := c.PostForm("/signup", url.Values{"username": {username}, "email": {email},
			"password": {forumtest.Password}, "next": {"/latest"}})
		return res, c.Get(res.Header.Get("Location"))
	}
	cookieNames := func(res *forumtest.Response) string {
		var names []string
		for _, c := range res.Cookies() {
			names = append(names, c.Name)
		}
		return strings.Join(names, ",")
	}
	freeRes, freePage := signUp("newcomer", "newcomer@example.com")
	takenRes, takenPage := signUp("intruder", "OLIVIA@example.com")
	if freeRes.StatusCode != http.StatusSeeOther || takenRes.StatusCode != freeRes.StatusCode {
		t.Fatalf("status: free %d, taken %d; want 303 for both", freeRes.StatusCode, takenRes.StatusCode)
	}
	if fl, tl := freeRes.Header.Get("Location"), takenRes.Header.Get("Location"); fl != tl || !strings.HasPrefix(fl, "/signin?") {
		t.Errorf("redirect: free %q, taken %q; want the same sign-in page", fl, tl)
	}
	if fc, tc := cookieNames(freeRes), cookieNames(takenRes); fc != tc || strings.Contains(fc, "session") {
		t.Errorf("cookies: free %q, taken %q; want the same, and no session", fc, tc)
	}
	strip := func(s string) string { return csrfValue.ReplaceAllString(s, "") }
	if freePage.StatusCode != takenPage.StatusCode || strip(freePage.Body) != strip(takenPage.Body) {
		t.Errorf("the pages after sign-up differ (status %d and %d)\n%s\n----\n%s", freePage.StatusCode, takenPage.StatusCode, strip(freePage.Body), strip(takenPage.Body))
	}
	if !strings.Contains(freePage.Body, "Thanks for signing up") {
		t.Errorf("the sign-in page after sign-up does not say what happened")
	}
	// The new account signs in; the intruder's does not exist.
	c := f.NewClient()
	c.SignIn("newcomer", forumtest.Password)
	c.Get("/signin")
	if res := c.PostForm("/signin", url.Values{"login": {"intruder"}, "password": {forumtest.Password}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("the taken-address sign-up made an account: sign-in answered %d", res.StatusCode)
	}
	// Usernames are public, so a taken one is named.
	c2 := f.NewClient()
	c2.Get("/signup")
	res := c2.PostForm("/signup", url.Values{"username": {"olivia"}, "email": {"other@example.com"}, "password": {forumtest.Password}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "already taken") {
		t.Errorf("taken username: %d, want 422 naming it", res.StatusCode)
	}
}
