package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parley-forum/parley/internal/forum"
	"github.com/parley-forum/parley/internal/forumtest"
)

// peopleWorld is a forum with one signed-in client per role of the
// authorization matrix, plus a suspended member whose browser still holds
// its cookie.
type peopleWorld struct {
	f       *forumtest.Forum
	clients map[string]*forumtest.Client
	admin   *forum.User
	n       int
}

var matrixActors = []string{"anonymous", "member", "suspended", "staff", "moderator", "admin"}

func newPeopleWorld(t *testing.T) *peopleWorld {
	f := forumtest.Start(t, forumtest.Options{})
	f.Seed()
	w := &peopleWorld{f: f, clients: map[string]*forumtest.Client{}}
	f.CreateUser("stella", forum.RoleStaff, "Support Engineer")
	f.CreateUser("mona", forum.RoleModerator, "")
	w.admin = f.CreateUser("ada", forum.RoleAdmin, "")
	for actor, name := range map[string]string{"staff": "stella", "moderator": "mona", "admin": "ada"} {
		c := f.NewClient()
		c.SignIn(name, forumtest.Password)
		w.clients[actor] = c
	}
	w.clients["member"] = f.NewClient()
	w.clients["member"].SignUp("member")
	w.clients["suspended"] = suspendedClient(t, f, w.admin, "suspended")
	w.clients["anonymous"] = f.NewClient()
	w.clients["anonymous"].Get("/signin") // a CSRF token bound to the anonymous cookie
	return w
}

// suspendedClient signs up an account named name and has admin suspend
// it: the client still holds the cookie of a session that no longer works.
func suspendedClient(t *testing.T, f *forumtest.Forum, admin *forum.User, name string) *forumtest.Client {
	t.Helper()
	c := f.NewClient()
	c.SignUp(name)
	if _, err := f.Service().Suspend(context.Background(), admin, "", name, forum.SuspendInput{Reason: "Testing the matrix"}); err != nil {
		t.Fatal(err)
	}
	return c
}

// target makes a fresh account in the given state for one cell.
func (w *peopleWorld) target(state forum.UserState) *forum.User {
	w.f.T.Helper()
	w.n++
	ctx := context.Background()
	u := &forum.User{Username: fmt.Sprintf("target%d", w.n), DisplayName: fmt.Sprintf("Target %d", w.n),
		Email: fmt.Sprintf("target%d@example.com", w.n), Role: forum.RoleMember, CreatedAt: time.Now(), State: forum.StateActive}
	if state == forum.StatePending {
		u.State = forum.StatePending
	}
	if err := w.f.Server.Store.CreateUser(ctx, u); err != nil {
		w.f.T.Fatal(err)
	}
	if state == forum.StateSuspended {
		if _, err := w.f.Service().Suspend(ctx, w.admin, "", u.Username, forum.SuspendInput{Reason: "set up"}); err != nil {
			w.f.T.Fatal(err)
		}
	}
	return u
}

// snapshot is what a refused action must leave as it was.
func (w *peopleWorld) snapshot(u *forum.User) string {
	w.f.T.Helper()
	ctx := context.Background()
	got, err := w.f.Server.Store.UserByID(ctx, u.ID)
	if err != nil {
		return "gone"
	}
	log, err := w.f.Server.Store.AuditLog(ctx, forum.AuditFilter{TargetKind: "user", TargetID: u.ID})
	if err != nil {
		w.f.T.Fatal(err)
	}
	invites, err := w.f.Server.Store.Invites(ctx, 100)
	if err != nil {
		w.f.T.Fatal(err)
	}
	return fmt.Sprint(got.Username, got.Role, got.Title, got.State, got.SuspendReason, len(log), len(invites))
}

// TestPeopleAuthorizationMatrix tries every people route as every kind
// of actor through the HTML surface: forbidden cells answer 403 (401 when
// signed out, which a suspended account is) and change nothing.
func TestPeopleAuthorizationMatrix(t *testing.T) {
	w := newPeopleWorld(t)
	type route struct {
		name   string
		method string
		path   func(u *forum.User) string
		form   func(u *forum.User) url.Values
		state  forum.UserState             // the target's state before
		want   map[string]int              // status per actor
		setup  func(w *peopleWorld) string // instead of a target: returns the path
	}
	deny := func(staff, moderator, admin int) map[string]int {
		return map[string]int{"anonymous": 401, "member": 403, "suspended": 401, "staff": staff, "moderator": moderator, "admin": admin}
	}
	userPath := func(suffix string) func(u *forum.User) string {
		return func(u *forum.User) string { return "/admin/users/" + u.Username + suffix }
	}
	none := func(*forum.User) url.Values { return url.Values{} }
	routes := []route{
		{name: "list accounts", method: "GET", path: func(*forum.User) string { return "/admin/users?filter=pending" }, want: deny(200, 200, 200)},
		{name: "account page", method: "GET", path: userPath(""), want: deny(200, 200, 200)},
		{name: "invitations page", method: "GET", path: func(*forum.User) string { return "/admin/invites" }, want: deny(200, 200, 200)},
		{name: "create invitation", method: "POST", path: func(*forum.User) string { return "/admin/invites" },
			form: func(*forum.User) url.Values { return url.Values{"days": {"7"}, "uses": {"3"}} }, want: deny(200, 200, 200)},
		{name: "revoke invitation", method: "POST", setup: func(w *peopleWorld) string {
			inv, _, err := w.f.Service().CreateInvite(context.Background(), w.admin, "", forum.InviteInput{Days: 1, Uses: 1})
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("/admin/invites/%d/revoke", inv.ID)
		}, want: deny(303, 303, 303)},
		{name: "change role", method: "POST", path: userPath("/role"),
			form: func(*forum.User) url.Values { return url.Values{"role": {"staff"}, "title": {"Helper"}} }, want: deny(403, 403, 303)},
		{name: "suspend", method: "POST", path: userPath("/suspend"),
			form: func(*forum.User) url.Values { return url.Values{"reason": {"Spam"}} }, want: deny(403, 303, 303)},
		{name: "unsuspend", method: "POST", path: userPath("/unsuspend"), form: none, state: forum.StateSuspended, want: deny(403, 303, 303)},
		{name: "approve", method: "POST", path: userPath("/approve"), form: none, state: forum.StatePending, want: deny(303, 303, 303)},
		{name: "reject", method: "POST", path: userPath("/reject"), form: none, state: forum.StatePending, want: deny(303, 303, 303)},
		{name: "delete account", method: "POST", path: userPath("/delete"),
			form: func(u *forum.User) url.Values { return url.Values{"mode": {"anonymize"}, "confirm": {u.Username}} }, want: deny(403, 403, 303)},
	}
	for _, rt := range routes {
		for _, actor := range matrixActors {
			t.Run(rt.name+" as "+actor, func(t *testing.T) {
				want := rt.want[actor]
				state := rt.state
				if state == "" {
					state = forum.StateActive
				}
				u := w.target(state)
				var path string
				if rt.setup != nil {
					path = rt.setup(w)
				} else {
					path = rt.path(u)
				}
				before := w.snapshot(u)
				c := w.clients[actor]
				var res *forumtest.Response
				if rt.method == "GET" {
					res = c.Get(path)
				} else {
					form := url.Values{}
					if rt.form != nil {
						form = rt.form(u)
					}
					res = c.PostForm(path, form)
				}
				if res.StatusCode != want {
					t.Fatalf("status %d, want %d\n%.400s", res.StatusCode, want, res.Body)
				}
				if want >= 400 {
					if after := w.snapshot(u); after != before {
						t.Errorf("a refused request changed the account: %s → %s", before, after)
					}
				}
			})
		}
	}
	// The account routes of the signed-in user.
	for _, actor := range matrixActors {
		want := map[string]int{"anonymous": 401, "suspended": 401}[actor]
		if want == 0 {
			want = 200
		}
		if res := w.clients[actor].Get("/account/data"); res.StatusCode != want {
			t.Errorf("%s: GET /account/data = %d, want %d", actor, res.StatusCode, want)
		}
		if want == 200 {
			want = 303
		}
		if res := w.clients[actor].PostForm("/account/profile", url.Values{"display_name": {"A fresh name " + actor}}); res.StatusCode != want {
			t.Errorf("%s: POST /account/profile = %d, want %d", actor, res.StatusCode, want)
		}
		if want == 401 {
			if res := w.clients[actor].PostForm("/account/delete", url.Values{"password": {forumtest.Password}}); res.StatusCode != 401 {
				t.Errorf("%s: POST /account/delete = %d, want 401", actor, res.StatusCode)
			}
		}
	}
	assertCounters(t, w.f)
}

// TestPeopleForms checks the admin forms' field errors, the 409 of a stale
// role form, the last admin, and the invitation link round trip.
func TestPeopleForms(t *testing.T) {
	w := newPeopleWorld(t)
	admin := w.clients["admin"]
	u := w.target(forum.StateActive)
	path := "/admin/users/" + u.Username

	res := admin.PostForm(path+"/suspend", url.Values{"reason": {""}, "until": {"yesterday"}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Until must be a date") {
		t.Fatalf("bad until: %d\n%.600s", res.StatusCode, res.Body)
	}
	res = admin.PostForm(path+"/suspend", url.Values{"reason": {"  "}, "until": {"2000-01-01"}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Reason is required") || !strings.Contains(res.Body, "Until must be in the future") {
		t.Fatalf("empty reason, past date: %d\n%.600s", res.StatusCode, res.Body)
	}
	// The reason typed comes back on an error.
	res = admin.PostForm(path+"/suspend", url.Values{"reason": {"Keeps posting links"}, "until": {"2000-01-01"}})
	if !strings.Contains(res.Body, "Keeps posting links") {
		t.Fatalf("the reason was not kept:\n%.600s", res.Body)
	}

	// Two admins open the role form; the second save is refused with the
	// current role.
	res = admin.PostForm(path+"/role", url.Values{"role": {"staff"}, "title": {"Docs"}, "from_role": {"member"}, "from_title": {""}})
	if res.StatusCode != 303 {
		t.Fatalf("role change: %d\n%.400s", res.StatusCode, res.Body)
	}
	res = admin.PostForm(path+"/role", url.Values{"role": {"moderator"}, "title": {""}, "from_role": {"member"}, "from_title": {""}})
	if res.StatusCode != 409 || !strings.Contains(res.Body, "is now “staff”") {
		t.Fatalf("stale role change: %d\n%.600s", res.StatusCode, res.Body)
	}
	res = admin.PostForm(path+"/role", url.Values{"role": {"overlord"}, "title": {""}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "Role must be member") {
		t.Fatalf("unknown role: %d\n%.600s", res.StatusCode, res.Body)
	}
	res = admin.PostForm("/admin/users/ada/role", url.Values{"role": {"member"}, "title": {""}})
	if res.StatusCode != 403 || !strings.Contains(res.Body, "last administrator") {
		t.Fatalf("demoting the last admin: %d\n%.600s", res.StatusCode, res.Body)
	}
	page := admin.Get(path)
	if !strings.Contains(page.Body, "user.role") {
		t.Errorf("the account page does not list the role change:\n%.2000s", page.Body)
	}

	// An invitation link in invite-only mode.
	w.f.Service().SetPolicy(forum.Policy{Registration: forum.RegistrationInvite})
	res = admin.PostForm("/admin/invites", url.Values{"days": {"0"}, "uses": {"x"}, "note": {"for the docs team"}})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "for the docs team") {
		t.Fatalf("bad invitation form: %d\n%.600s", res.StatusCode, res.Body)
	}
	res = admin.PostForm("/admin/invites", url.Values{"days": {"7"}, "uses": {"1"}})
	i := strings.Index(res.Body, "/signup?invite=")
	if res.StatusCode != 200 || i < 0 {
		t.Fatalf("invitation: %d\n%.600s", res.StatusCode, res.Body)
	}
	code := res.Body[i+len("/signup?invite="):]
	code, _ = url.QueryUnescape(code[:strings.IndexAny(code, "<\"")])
	guest := w.f.NewClient()
	guest.Get("/signup")
	form := url.Values{"username": {"ivy"}, "email": {"ivy@example.com"}, "password": {forumtest.Password}}
	if res := guest.PostForm("/signup", form); res.StatusCode != 422 || !strings.Contains(res.Body, "Invitation is required") {
		t.Fatalf("sign-up without invitation: %d\n%.600s", res.StatusCode, res.Body)
	}
	form.Set("invite", code)
	if res := guest.PostForm("/signup", form); res.StatusCode != 303 {
		t.Fatalf("sign-up with invitation: %d\n%.600s", res.StatusCode, res.Body)
	}
	guest.SignIn("ivy", forumtest.Password)
	form.Del("csrf")
	form.Set("username", "ivan")
	form.Set("email", "ivan@example.com")
	other := w.f.NewClient()
	other.Get("/signup")
	if res := other.PostForm("/signup", form); res.StatusCode != 422 || !strings.Contains(res.Body, "Invitation is not valid") {
		t.Fatalf("a used-up invitation: %d\n%.600s", res.StatusCode, res.Body)
	}
	assertCounters(t, w.f)
}

// TestApprovalAndSuspensionSignIn: an account waiting for approval is told
// so at sign-in; once approved it signs in; suspended, its open session is
// refused at once and sign-in shows the reason.
func TestApprovalAndSuspensionSignIn(t *testing.T) {
	w := newPeopleWorld(t)
	w.f.Service().SetPolicy(forum.Policy{Registration: forum.RegistrationApproval})
	c := w.f.NewClient()
	c.Get("/signup")
	res := c.PostForm("/signup", url.Values{"username": {"pat"}, "email": {"pat@example.com"}, "password": {forumtest.Password}})
	if res.StatusCode != 303 || !strings.Contains(res.Header.Get("Location"), "signedup=approval") {
		t.Fatalf("sign-up: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.Get(res.Header.Get("Location")); !strings.Contains(res.Body, "Staff review new accounts") {
		t.Errorf("no approval notice:\n%.800s", res.Body)
	}
	res = c.PostForm("/signin", url.Values{"login": {"pat"}, "password": {forumtest.Password}})
	if res.StatusCode != 403 || !strings.Contains(res.Body, "waiting for approval") {
		t.Fatalf("pending sign-in: %d\n%.600s", res.StatusCode, res.Body)
	}
	// Closed: nobody signs up.
	w.f.Service().SetPolicy(forum.Policy{Registration: forum.RegistrationClosed})
	closed := w.f.NewClient()
	closed.Get("/signup")
	if res := closed.PostForm("/signup", url.Values{"username": {"quentin"}, "email": {"q@example.com"}, "password": {forumtest.Password}}); res.StatusCode != 403 {
		t.Fatalf("sign-up while closed: %d", res.StatusCode)
	}
	if _, err := w.f.Server.Store.UserByUsername(context.Background(), "quentin"); err == nil {
		t.Fatal("an account was made while registration was closed")
	}
	w.f.Service().SetPolicy(forum.Policy{Registration: forum.RegistrationApproval})

	list := w.clients["staff"].Get("/admin/users?filter=pending")
	if !strings.Contains(list.Body, "/admin/users/pat") {
		t.Fatalf("pending account not listed:\n%.1500s", list.Body)
	}
	if !strings.Contains(list.Body, `action="/admin/users/pat/approve"`) {
		t.Fatalf("no approve button in the list:\n%.1500s", list.Body)
	}
	res = w.clients["staff"].PostForm("/admin/users/pat/approve", url.Values{"return": {"/admin/users?filter=pending"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/users?filter=pending" {
		t.Fatalf("approve from the list: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	c.SignIn("pat", forumtest.Password)
	if res := c.Get("/account"); res.StatusCode != 200 {
		t.Fatalf("account after approval: %d", res.StatusCode)
	}

	csrf := c.CSRF
	if res := w.clients["moderator"].PostForm("/admin/users/pat/suspend", url.Values{"reason": {"Posting spam links"}, "until": {"2099-01-31"}}); res.StatusCode != 303 {
		t.Fatalf("suspend: %d\n%.400s", res.StatusCode, res.Body)
	}
	res = c.PostForm("/new", url.Values{"csrf": {csrf}, "title": {"A thread after suspension"}, "subtopic": {"general"}, "body": {"This must not be written."}})
	if res.StatusCode != 401 {
		t.Fatalf("a write from the suspended session: %d", res.StatusCode)
	}
	c.Get("/signin")
	res = c.PostForm("/signin", url.Values{"login": {"pat"}, "password": {forumtest.Password}})
	if res.StatusCode != 403 || !strings.Contains(res.Body, "suspended until 31 January 2099") || !strings.Contains(res.Body, "Posting spam links") {
		t.Fatalf("suspended sign-in: %d\n%.800s", res.StatusCode, res.Body)
	}
	assertCounters(t, w.f)
}

// TestImpersonationRefused: reserved names and look-alikes of staff names
// are refused at sign-up and rename.
func TestImpersonationRefused(t *testing.T) {
	w := newPeopleWorld(t)
	c := w.f.NewClient()
	c.Get("/signup")
	for _, tc := range []struct{ username, display, field string }{
		{"admin", "", "Username is reserved"},
		{"supp0rt", "", "Username is reserved"},
		{"stel1a", "", "Username is too close"},
		{"someone", "Stella", "Display name is too close"},
		{"someone", "Ѕtеlla", "Display name is too close"}, // Cyrillic S and e
		{"someone", "A D A", "Display name is too close"},
	} {
		res := c.PostForm("/signup", url.Values{"username": {tc.username}, "display_name": {tc.display}, "email": {"x@example.com"}, "password": {forumtest.Password}})
		if res.StatusCode != 422 || !strings.Contains(res.Body, tc.field) {
			t.Errorf("%q/%q: %d, want %q\n%.300s", tc.username, tc.display, res.StatusCode, tc.field, res.Body)
		}
	}
	m := w.clients["member"]
	if res := m.PostForm("/account/profile", url.Values{"display_name": {"Mona"}}); res.StatusCode != 422 || !strings.Contains(res.Body, "too close") {
		t.Errorf("rename to a moderator's name: %d", res.StatusCode)
	}
}

// TestDataDownloadAndSelfDeletion downloads the account's data and
// deletes the account with its password.
func TestDataDownloadAndSelfDeletion(t *testing.T) {
	w := newPeopleWorld(t)
	m := w.clients["member"]
	res := m.PostForm("/new", url.Values{"title": {"A question of my own"}, "subtopic": {"general"}, "body": {"Some words worth downloading."}})
	if res.StatusCode != 303 {
		t.Fatalf("thread: %d", res.StatusCode)
	}
	threadPath := res.Header.Get("Location")
	visitor := w.f.NewClient()
	if before := visitor.Get(threadPath); !strings.Contains(before.Body, "Member") {
		t.Fatalf("the thread page before deletion:\n%.800s", before.Body)
	}
	visitor.Get(threadPath) // now served from the page cache
	res = m.Get("/account/data")
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	var d struct {
		Account struct{ Username, Email string }
		Posts   []struct{ Source string }
	}
	if err := json.Unmarshal([]byte(res.Body), &d); err != nil {
		t.Fatal(err)
	}
	if d.Account.Username != "member" || d.Account.Email != "member@example.com" || len(d.Posts) != 1 || d.Posts[0].Source != "Some words worth downloading." {
		t.Fatalf("download holds %+v", d)
	}
	m.Get("/account")
	if res := m.PostForm("/account/delete", url.Values{"password": {"wrong password!"}}); res.StatusCode != 422 {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	if res := m.PostForm("/account/delete", url.Values{"password": {forumtest.Password}}); res.StatusCode != 303 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if res := m.Get("/account"); res.StatusCode == 200 {
		t.Fatal("still signed in after deletion")
	}
	page := visitor.Get(threadPath) // the cached copy went with the account's name
	if !strings.Contains(page.Body, forum.DeletedDisplayName) || !strings.Contains(page.Body, "Some words worth downloading.") {
		t.Errorf("the post is not kept under the placeholder:\n%.1500s", page.Body)
	}
	c := w.f.NewClient()
	c.Get("/signin")
	if res := c.PostForm("/signin", url.Values{"login": {"member@example.com"}, "password": {forumtest.Password}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("sign-in after deletion: %d", res.StatusCode)
	}
	assertCounters(t, w.f)
}
