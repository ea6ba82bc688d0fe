package app

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/mailtest"
	"github.com/parley-forum/parley/internal/store/storetest"
)

// mailNode is a node that sends email through its own mailpit.
func mailNode(t *testing.T, env map[string]string) (*testNode, *mailtest.Server) {
	t.Helper()
	mp := mailtest.Start(t)
	vars := map[string]string{
		"PARLEY_SMTP_HOST": "127.0.0.1", "PARLEY_SMTP_PORT": strconv.Itoa(mp.SMTPPort), "PARLEY_SMTP_TLS": "none",
		"PARLEY_SMTP_USER": "parley", "PARLEY_SMTP_PASSWORD": "smtp-secret-pw",
		"PARLEY_MAIL_FROM": "Parley Test <forum@example.org>", "PARLEY_MAIL_REPLY_TO": "help@example.org",
		"PARLEY_BASE_URL": "http://forum.example",
	}
	for k, v := range env {
		vars[k] = v
	}
	return startNode(t, vars, buildOptions{}), mp
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="[^"]*">`)

// browser is a cookie-keeping client of one node.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// submit loads the form page at page, then posts fields (with its CSRF
// token) to action.
func (b *browser) submit(page, action string, fields url.Values) (*http.Response, string) {
	b.t.Helper()
	_, body := b.get(page)
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		b.t.Fatalf("%s has no CSRF field:\n%s", page, body)
	}
	fields.Set("csrf", m[1])
	resp, err := b.c.PostForm(b.base+action, fields)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, string(out)
}

// signUpMember makes a member as an administrator would: the address
// counts as confirmed and no email is sent.
func signUpMember(t *testing.T, srv *Server, name string) {
	t.Helper()
	if _, err := srv.Service.CreateUser(context.Background(),
		forum.SignUpInput{Username: name, Email: name + "@example.org", Password: "correct horse battery"}, forum.RoleMember, ""); err != nil {
		t.Fatal(err)
	}
}

var resetLink = regexp.MustCompile(`http://forum\.example(/reset/[A-Za-z0-9_\-]+)`)

// TestForgotPasswordThroughSMTP: /forgot answers the same for a known and
// an unknown address; the known one gets exactly one multipart email
// through a real SMTP server, whose link sets a new password once and
// signs out every session the account had.
func TestForgotPasswordThroughSMTP(t *testing.T) {
	onBothEngines(t, testForgotPassword)
}

// onBothEngines runs fn on a node of SQLite, then of PostgreSQL.
func onBothEngines(t *testing.T, fn func(t *testing.T, env map[string]string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, map[string]string{"PARLEY_DATABASE_URL": sqliteFile(t)}) })
	t.Run("postgres", func(t *testing.T) { fn(t, map[string]string{"PARLEY_DATABASE_URL": storetest.PostgresURL(t)}) })
}

func testForgotPassword(t *testing.T, env map[string]string) {
	n, mp := mailNode(t, env)
	signUpMember(t, n.srv, "ada")
	ctx := context.Background()
	// A session elsewhere that the reset must end.
	_, other, err := n.srv.Service.SignIn(ctx, forum.Client{IP: "192.0.2.10"}, forum.SignInInput{Login: "ada", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := n.srv.Service.SessionUser(ctx, other); err != nil {
		t.Fatalf("session before reset: %v", err)
	}

	b := newBrowser(t, n.url)
	respKnown, known := b.submit("/forgot", "/forgot", url.Values{"email": {"ada@example.org"}})
	respUnknown, unknown := b.submit("/forgot", "/forgot", url.Values{"email": {"nobody@example.org"}})
	if respKnown.StatusCode != 200 || respUnknown.StatusCode != 200 {
		t.Fatalf("forgot: %d and %d, want 200 for both", respKnown.StatusCode, respUnknown.StatusCode)
	}
	strip := func(s string) string { return csrfMeta.ReplaceAllString(csrfField.ReplaceAllString(s, ""), "") }
	if strip(known) != strip(unknown) {
		t.Errorf("the answers for a known and an unknown address differ:\n%s\n----\n%s", strip(known), strip(unknown))
	}
	if !strings.Contains(known, "If an account has that email address") {
		t.Errorf("no confirmation on the page:\n%s", known)
	}

	m := mp.WaitFor("ada@example.org", 1)
	if m.Subject != "Reset your password on "+n.srv.Service.Site().Name {
		t.Errorf("subject %q", m.Subject)
	}
	if m.From.Address != "forum@example.org" || len(m.ReplyTo) != 1 || m.ReplyTo[0].Address != "help@example.org" {
		t.Errorf("from %+v reply-to %+v", m.From, m.ReplyTo)
	}
	if !strings.HasPrefix(m.MessageID, "reset.reset-") || !strings.HasSuffix(m.MessageID, "@forum.example") {
		t.Errorf("Message-ID %q does not follow the scheme", m.MessageID)
	}
	if h := mp.Headers(m.ID); len(h["List-Unsubscribe"]) != 0 {
		t.Errorf("a mandatory email offers unsubscribe: %v", h["List-Unsubscribe"])
	}
	link := resetLink.FindStringSubmatch(m.Text)
	if link == nil || !strings.Contains(m.HTML, link[0]) {
		t.Fatalf("no reset link in both parts:\ntext: %s\nhtml: %s", m.Text, m.HTML)
	}
	for _, part := range []string{m.Text, m.HTML} {
		if !strings.Contains(part, "password reset was asked for the account @ada") || !strings.Contains(part, "http://forum.example/account") {
			t.Errorf("footer missing why and where to change it:\n%s", part)
		}
	}
	if got := len(mp.Messages()); got != 1 {
		t.Errorf("mailpit has %d messages, want 1 (nothing for the unknown address)", got)
	}

	// Follow the link: a too-short password is a field error, then the
	// new password is set.
	resp, body := b.submit(link[1], link[1], url.Values{"new_password": {"short"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "New password") {
		t.Fatalf("short password: %d\n%s", resp.StatusCode, body)
	}
	resp, _ = b.submit(link[1], link[1], url.Values{"new_password": {"a brand new passphrase"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/signin?reset=1" {
		t.Fatalf("reset: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, _, err := n.srv.Service.SessionUser(ctx, other); err == nil {
		t.Error("the other session survived the reset")
	}
	if _, _, err := n.srv.Service.SignIn(ctx, forum.Client{IP: "192.0.2.10"}, forum.SignInInput{Login: "ada", Password: "a brand new passphrase"}); err != nil {
		t.Errorf("sign in with the new password: %v", err)
	}
	// Single use.
	resp, body = b.submit(link[1], link[1], url.Values{"new_password": {"yet another passphrase"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "already used") {
		t.Errorf("second use: %d\n%s", resp.StatusCode, body)
	}

	// The outbox shows it sent, with its link erased; /metrics counts it.
	list, _, err := n.srv.Service.Emails(ctx, &forum.User{ID: 1, Role: forum.RoleAdmin}, forum.EmailSent, 10)
	if err != nil || len(list) != 1 || list[0].Data["token"] != "" {
		t.Fatalf("sent emails: %v %+v", err, list)
	}
	waitScrape(t, n.url, func(m map[string]float64) bool {
		return m["parley_email_sent_total"] == 1 && m["parley_email_queued"] == 0
	})
}

// TestEmailWaitsForSMTPServer: with the SMTP server down the email stays
// queued with the server's error, and is delivered exactly once when the
// server is back.
func TestEmailWaitsForSMTPServer(t *testing.T) {
	onBothEngines(t, testEmailWaits)
}

func testEmailWaits(t *testing.T, env map[string]string) {
	n, mp := mailNode(t, env)
	signUpMember(t, n.srv, "bea")
	mp.Stop()
	ctx := context.Background()
	if err := n.srv.Service.RequestPasswordReset(ctx, forum.Client{IP: "192.0.2.11"}, "bea@example.org"); err != nil {
		t.Fatal(err)
	}
	admin := &forum.User{ID: 1, Role: forum.RoleAdmin}
	var e forum.OutboundEmail
	waitFor(t, "a failed attempt", func() bool {
		list, _, err := n.srv.Service.Emails(ctx, admin, "", 10)
		if err != nil || len(list) != 1 {
			return false
		}
		e = list[0]
		return e.Attempts >= 1
	})
	if e.Status != forum.EmailQueued || e.LastError == "" {
		t.Fatalf("after a refused attempt: %+v, want queued with the error", e)
	}
	if strings.Contains(e.LastError, "smtp-secret-pw") {
		t.Errorf("the SMTP error shows the password: %s", e.LastError)
	}
	var state string
	if err := n.srv.Store.Engine().Read.QueryRow(`SELECT state FROM river_job WHERE kind = 'email'`).Scan(&state); err != nil {
		t.Fatal(err)
	}
	if state != "retryable" && state != "available" && state != "running" {
		t.Errorf("job state %q, want it waiting to retry", state)
	}
	m := waitScrape(t, n.url, func(m map[string]float64) bool { return m["parley_email_failed_total"] >= 1 })
	if m["parley_email_queued"] != 1 {
		t.Errorf("parley_email_queued = %v, want 1", m["parley_email_queued"])
	}

	mp.Start()
	mp.WaitFor("bea@example.org", 1)
	waitFor(t, "the email marked sent", func() bool {
		got, err := n.srv.Store.Email(ctx, e.ID)
		return err == nil && got.Status == forum.EmailSent
	})
	if got := len(mp.Messages()); got != 1 {
		t.Errorf("mailpit received %d messages, want exactly 1", got)
	}
}

// TestForgotWithoutSMTP: a forum with no SMTP server says it sends no
// email instead of pretending to.
func TestForgotWithoutSMTP(t *testing.T) {
	n := startNode(t, nil, buildOptions{})
	signUpMember(t, n.srv, "cyd")
	b := newBrowser(t, n.url)
	_, page := b.get("/forgot")
	if !strings.Contains(page, "This forum sends no email") {
		t.Errorf("no notice:\n%s", page)
	}
	if err := n.srv.Service.RequestPasswordReset(context.Background(), forum.Client{}, "cyd@example.org"); !errors.Is(err, forum.ErrNoMail) {
		t.Errorf("reset without SMTP: %v, want ErrNoMail", err)
	}
}

var verifyLink = regexp.MustCompile(`http://forum\.example(/(?:verify|confirm-email)/[A-Za-z0-9_\-]+)`)

// TestVerificationRequiredThroughSMTP: with an SMTP server the default
// (auto) requires a confirmed address to post. Sign-up sends a link; the
// member cannot post until it is used; a resend replaces the link.
func TestVerificationRequiredThroughSMTP(t *testing.T) {
	n, mp := mailNode(t, nil)
	if got := n.srv.Service.VerificationMode(); got != forum.VerifyRequired {
		t.Fatalf("mode with SMTP = %q, want required", got)
	}
	seed(t, n.srv)
	b := newBrowser(t, n.url)
	resp, body := b.submit("/signup", "/signup", url.Values{"username": {"dora"}, "email": {"dora@example.org"},
		"password": {"correct horse battery"}, "display_name": {"Dora"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign up: %d\n%.500s", resp.StatusCode, body)
	}
	first := mp.WaitFor("dora@example.org", 1)
	if first.Subject != "Confirm your email address for "+n.srv.Service.Site().Name {
		t.Errorf("subject %q", first.Subject)
	}
	resp, _ = b.submit("/signin", "/signin", url.Values{"login": {"dora"}, "password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	_, acct := b.get("/account")
	if !strings.Contains(acct, "not confirmed yet") || !strings.Contains(acct, "You can post once you confirm") {
		t.Errorf("account page does not say the address waits:\n%.2000s", acct)
	}
	post := func() int {
		resp, _ := b.submit("/new", "/new", url.Values{"title": {"Where is the path monitor documented?"}, "subtopic": {"general"},
			"body": {"I could not find it in the reference pages at all."}})
		return resp.StatusCode
	}
	if got := post(); got != http.StatusForbidden {
		t.Fatalf("unconfirmed post: %d, want 403", got)
	}

	// A resend sends a second link and the first stops working.
	resp, _ = b.submit("/account", "/account/verify", url.Values{})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("resend: %d", resp.StatusCode)
	}
	second := mp.WaitFor("dora@example.org", 2)
	l1, l2 := verifyLink.FindStringSubmatch(first.Text), verifyLink.FindStringSubmatch(second.Text)
	if l1 == nil || l2 == nil || l1[1] == l2[1] {
		t.Fatalf("links: %v %v", l1, l2)
	}
	if code, _ := b.get(l1[1]); code != http.StatusGone {
		t.Errorf("replaced link: %d, want 410", code)
	}
	if code, page := b.get(l2[1]); code != 200 || !strings.Contains(page, "your email address is confirmed") {
		t.Fatalf("confirm: %d\n%.500s", code, page)
	}
	if got := post(); got != http.StatusSeeOther {
		t.Errorf("confirmed post: %d, want 303", got)
	}
}

// TestChangeEmailThroughSMTP: the new address gets a link, the old one a
// notice; the account moves only when the link is used.
func TestChangeEmailThroughSMTP(t *testing.T) {
	n, mp := mailNode(t, map[string]string{})
	signUpMember(t, n.srv, "emil")
	b := newBrowser(t, n.url)
	if resp, _ := b.submit("/signin", "/signin", url.Values{"login": {"emil"}, "password": {"correct horse battery"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %d", resp.StatusCode)
	}
	resp, body := b.submit("/account", "/account/email", url.Values{"email": {"emil.new@example.org"}, "current_password": {"wrong password here"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "is not your current password") || !strings.Contains(body, `value="emil.new@example.org"`) {
		t.Fatalf("wrong password: %d\n%.3000s", resp.StatusCode, body)
	}
	resp, _ = b.submit("/account", "/account/email", url.Values{"email": {"emil.new@example.org"}, "current_password": {"correct horse battery"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	notice := mp.WaitFor("emil@example.org", 1)
	if !strings.Contains(notice.Text, "emil.new@example.org") || !strings.Contains(notice.Subject, "is changing") {
		t.Errorf("notice to the old address: %q\n%s", notice.Subject, notice.Text)
	}
	confirm := mp.WaitFor("emil.new@example.org", 1)
	link := verifyLink.FindStringSubmatch(confirm.Text)
	if link == nil || !strings.HasPrefix(link[1], "/confirm-email/") {
		t.Fatalf("no confirm link:\n%s", confirm.Text)
	}
	ctx := context.Background()
	if u, err := n.srv.Service.UserByName(ctx, "emil"); err != nil || u.Email != "emil@example.org" {
		t.Fatalf("before the link: %v %+v", err, u)
	}
	if code, _ := b.get(link[1]); code != 200 {
		t.Fatalf("confirm: %d", code)
	}
	u, err := n.srv.Service.UserByName(ctx, "emil")
	if err != nil || u.Email != "emil.new@example.org" || u.EmailVerified.IsZero() {
		t.Fatalf("after the link: %v %+v", err, u)
	}
}

// TestInviteEmailThroughSMTP: an invitation bound to an address is
// emailed, and its link opens the sign-up form with the code.
func TestInviteEmailThroughSMTP(t *testing.T) {
	n, mp := mailNode(t, nil)
	ctx := context.Background()
	admin, err := n.srv.Service.CreateUser(ctx, forum.SignUpInput{Username: "rosa", Email: "rosa@example.org", Password: "correct horse battery"}, forum.RoleAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	_, code, err := n.srv.Service.CreateInvite(ctx, admin, "192.0.2.1", forum.InviteInput{Email: "guest@example.org", Days: 7, Uses: 1, Note: "Welcome aboard"})
	if err != nil {
		t.Fatal(err)
	}
	m := mp.WaitFor("guest@example.org", 1)
	if !strings.Contains(m.Text, "Welcome aboard") || !strings.Contains(m.Text, "http://forum.example/signup?invite="+url.QueryEscape(code)) {
		t.Errorf("invitation email:\n%s", m.Text)
	}
}
