package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

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
