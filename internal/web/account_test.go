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

var newTokenRe = regexp.MustCompile(`<pre><code>(pat_[^<]+)</code></pre>`)

// TestAccountTokensAndPassword walks the account page: a session that has
// just signed in creates a token without retyping the password, and a
// password change revokes every token unless "keep" is ticked.
func TestAccountTokensAndPassword(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	c := f.NewClient()
	c.SignUp("tess")
	c.Get("/account")
	mint := func() string {
		t.Helper()
		res := c.PostForm("/account/tokens", url.Values{"name": {"laptop"}})
		m := newTokenRe.FindStringSubmatch(res.Body)
		if res.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("create token: %d, no token shown", res.StatusCode)
		}
		return m[1]
	}
	works := func(token string) bool {
		_, err := f.Service().TokenUser(context.Background(), token)
		return err == nil
	}
	kept := mint()
	res := c.PostForm("/account/password", url.Values{"current_password": {forumtest.Password}, "new_password": {"a brand new password"}, "keep_tokens": {"1"}})
	if res.StatusCode != http.StatusSeeOther || !works(kept) {
		t.Fatalf("password change keeping tokens: %d, token works %v", res.StatusCode, works(kept))
	}
	c.Get("/account")
	res = c.PostForm("/account/password", url.Values{"current_password": {"a brand new password"}, "new_password": {"yet another password"}})
	if res.StatusCode != http.StatusSeeOther || works(kept) {
		t.Fatalf("default password change: %d, token still works %v", res.StatusCode, works(kept))
	}
	if page := c.Get(res.Header.Get("Location")); !strings.Contains(page.Body, "every API token revoked") {
		t.Errorf("the account page does not say the tokens were revoked")
	}
	if !strings.Contains(c.Get("/account").Body, `name="keep_tokens"`) {
		t.Errorf("the password form has no choice about tokens")
	}
}

// TestAccountListsReadWell: sessions are named by browser and system, not
// by their raw User-Agent, tokens say when they were last used, and a
// wrong password reads as a sentence.
func TestAccountListsReadWell(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	f.CreateUser("uma", forum.RoleMember, "")
	c := f.NewClient()
	c.Get("/signin")
	bad := c.PostForm("/signin", url.Values{"login": {"uma"}, "password": {"not the password"}})
	if !strings.Contains(bad.Body, "Wrong username, email or password.") {
		t.Errorf("the sign-in error does not start with a capital letter")
	}
	c.Get("/signin")
	form := url.Values{"login": {"uma"}, "password": {forumtest.Password}, "csrf": {c.CSRF}}
	req, _ := http.NewRequest(http.MethodPost, f.URL+"/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
	if res := c.Do(req); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", res.StatusCode)
	}
	page := c.Get("/account")
	if !strings.Contains(page.Body, ">Chrome on macOS</span>") {
		t.Errorf("the session list does not say \"Chrome on macOS\"")
	}
	res := c.PostForm("/account/tokens", url.Values{"name": {"ci"}})
	m := newTokenRe.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no token created: %d", res.StatusCode)
	}
	lastUsed := regexp.MustCompile(`data-label="Last used">(.*?)</td>`)
	tokenRow := func() string {
		body := c.Get("/account").Body
		i := strings.Index(body, `id="tok-h"`)
		if i < 0 {
			t.Fatal("no token section")
		}
		if m := lastUsed.FindStringSubmatch(body[i:]); m != nil {
			return m[1]
		}
		return ""
	}
	if got := tokenRow(); got != "never" {
		t.Errorf("an unused token's last use reads %q, want never", got)
	}
	if _, err := f.Service().TokenUser(context.Background(), m[1]); err != nil {
		t.Fatal(err)
	}
	if err := f.Service().Usage().Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := tokenRow(); got == "never" || got == "" {
		t.Errorf("a used token's last use reads %q, want its time", got)
	}
}

// TestAccountFormsKeepInput: a token form refused for its input or for a
// token that expired with a second sign-in comes back with the name typed.
func TestAccountFormsKeepInput(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	c := f.NewClient()
	c.SignUp("kim")
	c.Get("/account")
	res := c.PostForm("/account/tokens", url.Values{"name": {strings.Repeat("n", 61)}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `value="`+strings.Repeat("n", 61)+`"`) {
		t.Errorf("a refused token name is not kept: %d", res.StatusCode)
	}
	old := c.CSRF
	c.SignIn("kim", forumtest.Password)
	res = c.PostForm("/account/tokens", url.Values{"name": {"deploy key"}, "csrf": {old}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "That form had expired") || !strings.Contains(res.Body, `value="deploy key"`) {
		t.Errorf("expired token form: %d, message and name kept: %v %v", res.StatusCode,
			strings.Contains(res.Body, "That form had expired"), strings.Contains(res.Body, `value="deploy key"`))
	}
	// Signed out, a form's sign-in link returns to the page it came from.
	anon := f.NewClient()
	req, _ := http.NewRequest(http.MethodPost, f.URL+"/account/tokens", strings.NewReader("name=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", f.URL+"/account")
	if res := anon.Do(req); res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, `/signin?next=%2Faccount"`) {
		t.Errorf("signed-out account form: %d, sign-in link returns to /account: %v\n%s", res.StatusCode, strings.Contains(res.Body, `/signin?next=`), res.Body)
	}
}

// TestAnonymousFormsKeepInputOnExpiredToken: sign-in and sign-up forms
// whose token no longer matches come back with what was typed.
func TestAnonymousFormsKeepInputOnExpiredToken(t *testing.T) {
	f := forumtest.Start(t, forumtest.Options{})
	c := f.NewClient()
	res := c.PostForm("/signin", url.Values{"login": {"someone@example.com"}, "password": {"x"}, "csrf": {"stale"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, `value="someone@example.com"`) || !strings.Contains(res.Body, "This form had expired") {
		t.Errorf("expired sign-in form: %d, login kept %v", res.StatusCode, strings.Contains(res.Body, `value="someone@example.com"`))
	}
	res = c.PostForm("/signup", url.Values{"username": {"newbie"}, "email": {"newbie@example.com"}, "password": {"x"}, "csrf": {"stale"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, `value="newbie@example.com"`) {
		t.Errorf("expired sign-up form: %d, email kept %v", res.StatusCode, strings.Contains(res.Body, `value="newbie@example.com"`))
	}
}
